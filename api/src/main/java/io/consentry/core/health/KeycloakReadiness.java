package io.consentry.core.health;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Ready when every cell's Keycloak answers: the home cell's publishes the platform realm's OIDC metadata (without it no
 * operator can sign in), every other cell's its admin realm's (the api signs in there to administer its tenants'
 * realms). The data names each cell's answer, so a failing check says which cell is down.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadiness implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Cells cells;

    KeycloakReadiness(Cells cells) {
        this.cells = cells;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("keycloak");
        java.util.List<String> failing = new java.util.ArrayList<>();
        for (CellSettings cell : cells.all()) {
            String realm = cell.name().equals(cells.home().name()) ? "platform" : cell.adminRealm();
            String answer = probe(cell, realm);
            if (!answer.equals("200")) {
                failing.add(cell.name());
            }
            check.withData(cell.name(), answer);
        }
        if (!failing.isEmpty()) {
            check.withData("failing-cells", String.join(",", failing));
        }
        return check.status(failing.isEmpty()).build();
    }

    /** The HTTP status of the realm's OIDC metadata, or why there was none. */
    private String probe(CellSettings cell, String realm) {
        String base = cell.keycloakUrl();
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/realms/" + realm + "/.well-known/openid-configuration";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return Integer.toString(response.statusCode());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "unreachable: " + e.getMessage();
        }
    }
}
