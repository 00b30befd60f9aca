package io.consentry.core.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Ready when the platform realm publishes its OIDC metadata: without it no operator can sign in. */
@Readiness
@ApplicationScoped
public class KeycloakReadiness implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public HealthCheckResponse call() {
        String base = ConfigProvider.getConfig().getValue("consentry.keycloak.url", String.class);
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/realms/platform/.well-known/openid-configuration";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean up = response.statusCode() == 200;
            return HealthCheckResponse.named("keycloak").status(up).withData("status", response.statusCode()).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named("keycloak").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
