package io.consentry.staff;

import io.consentry.testing.ConsoleSignIn;
import io.consentry.testing.RealServers;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The operators' console signs in against the platform realm through the same backend-for-frontend as a tenant's
 * console: its session serves the platform routes (with the console marker), not the tenants' routes, and a tenant's
 * console session does not serve the platform routes.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class OperatorConsoleTest {

    @Inject
    Keycloak keycloak;

    @Test
    void anOperatorSessionServesThePlatformRoutesOnly() throws Exception {
        String user = "op-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, "platform", user, password, "platform-operator");
        allowRedirects("platform", "/operator/*");

        ConsoleSignIn browser = new ConsoleSignIn();
        HttpResponse<String> toKeycloak = browser.startOperator(api());
        assertThat(toKeycloak.statusCode()).isEqualTo(303);
        assertThat(toKeycloak.headers().firstValue("Location").orElseThrow()).contains("/realms/platform/");
        URI callback = browser.loginAtKeycloak(toKeycloak, user, password);
        assertThat(callback.getPath()).isEqualTo("/operator/callback");
        HttpResponse<String> done = browser.callback(callback);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        String session = browser.cookie("consentry_console_platform").orElseThrow();

        given().cookie("consentry_console_platform", session).header("X-Consentry-Console", "1").get("/operator/session")
                .then().statusCode(200).body("username", equalTo(user)).body("roles", hasItem("platform-operator"));
        given().cookie("consentry_console_platform", session).header("X-Consentry-Console", "1").get("/api/v1/platform/tenants")
                .then().statusCode(200);
        // Without the marker header (a cross-site form could send the cookie) the session is not used.
        given().cookie("consentry_console_platform", session).get("/api/v1/platform/tenants").then().statusCode(401);
        // The page is served with the strict policy of the console pages.
        given().get("/operator").then().statusCode(200).header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"));

        given().cookie("consentry_console_platform", session).header("X-Consentry-Console", "1").post("/operator/logout")
                .then().statusCode(204);
        given().cookie("consentry_console_platform", session).header("X-Consentry-Console", "1").get("/api/v1/platform/tenants")
                .then().statusCode(401);
    }

    private void allowRedirects(String realm, String path) {
        var clients = keycloak.realm(realm).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        if (!uris.contains(api() + path)) {
            uris.add(api() + path);
            console.setRedirectUris(uris);
            clients.get(console.getId()).update(console);
        }
    }

    private static String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }
}
