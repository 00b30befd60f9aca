package io.consentry.console;

import io.consentry.testing.ConsoleSignIn;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The console's sign-in on the real Keycloak, driven over HTTP like a browser: the sign-in state belongs to the browser
 * that started it (a code delivered to another browser is refused), nothing is kept on the server for sign-ins that never
 * complete, sessions live in PostgreSQL, and forwarded headers from an untrusted client change nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ConsoleSignInTest {

    private static Tenants.WithAdmin tenant;
    private static String username;
    private static String password;

    @Inject
    Keycloak keycloak;
    @Inject
    ConsoleSessions sessions;

    @BeforeEach
    void tenantWithAConsoleUser() {
        if (tenant != null) {
            return;
        }
        tenant = Tenants.createWithAdmin(keycloak, "console", "COMPOUND");
        username = "console-" + UUID.randomUUID().toString().substring(0, 8);
        password = UUID.randomUUID().toString();
        Users.create(keycloak, tenant.slug(), username, password, "tenant-admin");
        var clients = keycloak.realm(tenant.slug()).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(api() + "/console/*"); // the test app listens on a random port
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);
    }

    @Test
    void aSignInCompletesInTheBrowserThatStartedItAndTheSessionIsInTheDatabase() throws Exception {
        ConsoleSignIn browser = new ConsoleSignIn();
        HttpResponse<String> toKeycloak = browser.start(api(), tenant.slug());
        assertThat(toKeycloak.statusCode()).isEqualTo(303);
        String setCookie = toKeycloak.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("consentry_login_").contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .contains("Path=/console/" + tenant.slug() + "/callback");
        long before = sessions.count();
        URI callback = browser.loginAtKeycloak(toKeycloak, username, password);
        HttpResponse<String> done = browser.callback(callback);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        String session = browser.cookie(ConsoleSessions.cookieName(tenant.slug())).orElseThrow();
        assertThat(sessions.count()).isEqualTo(before + 1);

        given().cookie(ConsoleSessions.cookieName(tenant.slug()), session).header(ConsoleSessionFilter.MARKER, "1")
                .get("/console/" + tenant.slug() + "/session").then().statusCode(200).body("username", equalTo(username));
        given().cookie(ConsoleSessions.cookieName(tenant.slug()), session).header(ConsoleSessionFilter.MARKER, "1")
                .get("/api/v1/tenants/" + tenant.slug() + "/me").then().statusCode(200);
        // Signing out ends the session for every replica: it is gone from the database.
        given().cookie(ConsoleSessions.cookieName(tenant.slug()), session).header(ConsoleSessionFilter.MARKER, "1")
                .post("/console/" + tenant.slug() + "/logout").then().statusCode(204);
        given().cookie(ConsoleSessions.cookieName(tenant.slug()), session).header(ConsoleSessionFilter.MARKER, "1")
                .get("/console/" + tenant.slug() + "/session").then().statusCode(401).body("code", equalTo("console_signed_out"));
        given().cookie(ConsoleSessions.cookieName(tenant.slug()), session).header(ConsoleSessionFilter.MARKER, "1")
                .get("/api/v1/tenants/" + tenant.slug() + "/me").then().statusCode(401);
    }

    @Test
    void aCodeForASignInStartedInAnotherBrowserIsRefused() throws Exception {
        // The attacker starts a sign-in, signs in as themselves, and sends the callback link to the victim.
        ConsoleSignIn attacker = new ConsoleSignIn();
        URI callback = attacker.loginAtKeycloak(attacker.start(api(), tenant.slug()), username, password);
        ConsoleSignIn victim = new ConsoleSignIn();
        HttpResponse<String> refused = victim.callback(callback);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("console_login_state");
        assertThat(victim.cookie(ConsoleSessions.cookieName(tenant.slug()))).isEmpty();

        // A state cookie of another sign-in, or a forged one, does not fit either.
        ConsoleSignIn other = new ConsoleSignIn();
        other.start(api(), tenant.slug());
        String path = callback.getRawPath() + "?" + callback.getRawQuery();
        given().cookie(ConsoleLoginState.cookieName(tenant.slug()), other.cookie(ConsoleLoginState.cookieName(tenant.slug())).orElseThrow())
                .urlEncodingEnabled(false).redirects().follow(false).get(path)
                .then().statusCode(400).body("code", equalTo("console_login_state"));
        given().cookie(ConsoleLoginState.cookieName(tenant.slug()), "forged").urlEncodingEnabled(false).redirects().follow(false)
                .get(path).then().statusCode(400).body("code", equalTo("console_login_state"));
    }

    @Test
    void signInsThatNeverCompleteStoreNothing() {
        long before = sessions.count();
        for (int i = 0; i < 200; i++) {
            given().redirects().follow(false).get("/console/" + tenant.slug() + "/login").then().statusCode(303);
        }
        assertThat(sessions.count()).isEqualTo(before);
    }

    @Test
    void forwardedHeadersFromAnUntrustedClientChangeNothing() {
        var response = given().redirects().follow(false).header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                .header("Forwarded", "host=evil.example;proto=https").get("/console/" + tenant.slug() + "/login");
        response.then().statusCode(303);
        String redirectUri = ConsoleSignIn.query(URI.create(response.header("Location")), "redirect_uri");
        assertThat(redirectUri).startsWith(api()).doesNotContain("evil.example");
        assertThat(response.header("Set-Cookie")).doesNotContain("Secure");
    }

    private static String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }
}
