package io.consentry.ui;

import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The onboarding journey of issue 18 in Debian Chromium through ui/e2e/onboarding.e2e.mjs: the operator creates a
 * tenant with its first admin in the operator console; the admin's mail arrives, the admin sets a password and an
 * authenticator app, reaches the console and invites a guard, whose mail arrives.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class OnboardingJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void operatorOnboardsATenantWhoseAdminSetsUpMfaAndInvitesAGuard() throws Exception {
        BrowserRun.requireChromium();
        String operatorUser = "operator-" + UUID.randomUUID().toString().substring(0, 8);
        String operatorPassword = UUID.randomUUID().toString();
        Users.create(keycloak, "platform", operatorUser, operatorPassword, "platform-operator");
        allowRedirects("platform", "/operator/*");
        String slug = Tenants.uniqueSlug("harbour");
        String adminEmail = "li.wei@" + slug + ".example.test";
        String guardEmail = "zhang.min@" + slug + ".example.test";
        Map<String, String> env = Map.of("E2E_TENANT", slug, "E2E_MAILBOX_URL", Mailbox.url(),
                "E2E_ADMIN_EMAIL", adminEmail, "E2E_GUARD_EMAIL", guardEmail,
                "E2E_OPERATOR_USER", operatorUser, "E2E_OPERATOR_PASSWORD", operatorPassword);

        BrowserRun.run("onboarding.e2e.mjs", base, with(env, "E2E_PART", "operator"));
        // The test app listens on a random port; the new realm's console client lists the configured public URL only.
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        BrowserRun.run("onboarding.e2e.mjs", base, with(env, "E2E_PART", "admin"));

        // What the browser did is what Keycloak and the api recorded.
        UserRepresentation admin = keycloak.realm(slug).users().searchByEmail(adminEmail, true).get(0);
        assertThat(admin.getRequiredActions()).doesNotContain("CONFIGURE_TOTP");
        assertThat(keycloak.realm(slug).users().get(admin.getId()).credentials()).extracting("type").contains("password", "otp");
        String auditor = Users.tokenFor(keycloak, slug, "tenant-admin");
        given().auth().oauth2(auditor).get("/api/v1/tenants/" + slug + "/staff").then().statusCode(200)
                .body("email", org.hamcrest.Matchers.hasItems(adminEmail, guardEmail))
                .body("find { it.email == '" + adminEmail + "' }.secondFactor", org.hamcrest.Matchers.equalTo(true))
                .body("find { it.email == '" + adminEmail + "' }.status", org.hamcrest.Matchers.equalTo("ACTIVE"));
        given().auth().oauth2(auditor).get("/api/v1/tenants/" + slug + "/audit?size=100").then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItems("tenant.provisioned", "staff.invited", "staff.setup.password-chosen"));
        assertThat(Files.list(BrowserRun.SCREENSHOTS).map(f -> f.getFileName().toString()))
                .contains("onboarding-02-tenant-created.png", "onboarding-05-authenticator-app.png", "onboarding-07-staff-en.png",
                        "onboarding-08-staff-zh.png", "onboarding-09-guard-mail.png");
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(key, value);
        return all;
    }

    private void allowRedirects(String realm, String path) {
        var clients = keycloak.realm(realm).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(BrowserRun.origin(base) + path);
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);
    }
}
