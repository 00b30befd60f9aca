package io.consentry.staff;

import io.agroal.api.AgroalDataSource;
import io.consentry.testing.ConsoleSignIn;
import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * Onboarding and staff on the real servers: the operator creates a tenant with its first admin, the setup mail arrives
 * over SMTP, the link sets a password once; admins invite, list, disable and re-enable staff, audited; a disabled
 * member's token stops working at once; the refusals (wrong role, wrong tenant, bad input, platform routes).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class StaffOnboardingTest {

    private static final Pattern SETUP_LINK = Pattern.compile("https?://\\S+/setup/([a-z0-9-]+)#token=([A-Za-z0-9_-]{43})");

    @Inject
    Keycloak keycloak;

    @Inject
    io.consentry.tenants.realm.TenantRealms realms;
    @Inject
    io.consentry.tenants.registry.TenantRegistry registry;

    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;

    @Test
    void onboardingCreatesAnAdminWhoseSetupLinkWorksOnceAndWhoMustSetUpAnAuthenticatorApp() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("onb");
        String email = "owner@" + slug + ".example.test";
        Mailbox inbox = Mailbox.of(email);
        String adminId = given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Harbour Mall " + slug, "kind", "MALL",
                        "firstAdmin", Map.of("name", "Li Wei", "email", email)))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201)
                .body("firstAdmin.email", equalTo(email))
                .body("firstAdmin.role", equalTo("tenant-admin"))
                .body("firstAdmin.status", equalTo("INVITED"))
                .extract().path("firstAdmin.id");

        // The account exists in the tenant's realm, must configure an authenticator app, and has no password yet.
        UserRepresentation account = keycloak.realm(slug).users().get(adminId).toRepresentation();
        assertThat(account.getRequiredActions()).contains("CONFIGURE_TOTP");
        assertThat(keycloak.realm(slug).users().get(adminId).credentials()).isEmpty();

        Mailbox.Mail mail = inbox.next(m -> m.text().contains("/setup/" + slug + "#token="));
        assertThat(mail.subject()).contains("Set up your Consentry account").contains("设置您的 Consentry 账户");
        assertThat(mail.text()).contains("authenticator app").contains("身份验证器");
        String token = setupToken(mail.text(), slug);

        String password = "Harbour-" + java.util.UUID.randomUUID();
        choosePassword(slug, token, password).then().statusCode(200)
                .body("signIn", equalTo("/console/" + slug + "/login"))
                .body("secondFactorNext", equalTo(true));
        problem(choosePassword(slug, token, "Another-password-1"), 410, "setup_link_invalid");
        assertThat(keycloak.realm(slug).users().get(adminId).toRepresentation().isEmailVerified()).isTrue();

        // Signing in now does not give a console session: Keycloak first makes the admin set up an authenticator app.
        allowTestRedirects(slug);
        ConsoleSignIn browser = new ConsoleSignIn();
        HttpResponse<String> toKeycloak = browser.start(api(), slug);
        HttpResponse<String> afterPassword = browser.postLogin(toKeycloak, email, password);
        if (afterPassword.statusCode() == 302) {
            // Keycloak sends the browser to its required action, not back to the console's callback.
            URI next = URI.create(afterPassword.headers().firstValue("Location").orElseThrow());
            assertThat(next.getPath()).doesNotContain("/callback");
            afterPassword = browser.get(next);
        }
        assertThat(afterPassword.statusCode()).isEqualTo(200);
        assertThat(afterPassword.body()).contains("kc-totp-settings-form");
        assertThat(browser.cookie("consentry_console_" + slug.replace('-', '_'))).isEmpty();

        // The operator fetches a fresh link (the mailed one was used); it replaces any earlier unused link.
        String fresh = given().auth().oauth2(operator).contentType(ContentType.JSON)
                .post("/api/v1/platform/tenants/" + slug + "/admins/" + adminId + "/setup-link")
                .then().statusCode(200).body("staffId", equalTo(adminId)).extract().path("link");
        String newer = given().auth().oauth2(operator).contentType(ContentType.JSON)
                .post("/api/v1/platform/tenants/" + slug + "/admins/" + adminId + "/setup-link")
                .then().statusCode(200).extract().path("link");
        problem(choosePassword(slug, setupToken(fresh, slug), "Replaced-link-123"), 410, "setup_link_invalid");
        // An expired link is refused like a used one.
        sql("UPDATE t_" + slug.replace('-', '_') + ".staff_setup_token SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL AND replaced_at IS NULL");
        problem(choosePassword(slug, setupToken(newer, slug), "Expired-link-1234"), 410, "setup_link_invalid");
        problem(choosePassword(slug, "A".repeat(43), "Unknown-link-1234"), 410, "setup_link_invalid");
        problem(choosePassword("no-such-tenant", token, "Unknown-tenant-12"), 410, "setup_link_invalid");

        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + slug + "/admins")
                .then().statusCode(200).body("email", hasItem(email)).body("status", hasItem("ACTIVE"));

        // Every step is in the tenant's audit log.
        String auditor = Users.tokenFor(keycloak, slug, "tenant-admin");
        given().auth().oauth2(auditor).get("/api/v1/tenants/" + slug + "/audit?size=100")
                .then().statusCode(200)
                .body("items.action", hasItems("tenant.provisioned", "staff.invited", "staff.setup-link.issued", "staff.setup.password-chosen"));
    }

    @Test
    void adminsInviteListDisableAndReEnableStaffAndADisabledMembersTokenStopsWorking() throws Exception {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "staff", "COMPOUND");
        String slug = tenant.slug();
        String email = "guard@" + slug + ".example.test";
        Mailbox inbox = Mailbox.of(email);
        String guardId = given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Zhang Min", "email", email, "role", "guard"))
                .post(staff(slug))
                .then().statusCode(201).body("status", equalTo("INVITED")).body("role", equalTo("guard"))
                .extract().path("id");
        given().auth().oauth2(tenant.admin()).get(staff(slug)).then().statusCode(200).body("id", hasItem(guardId));
        problem(given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Again", "email", email.toUpperCase(), "role", "auditor")).post(staff(slug)), 409, "staff_exists");

        String token = setupToken(inbox.next(m -> m.text().contains("#token=")).text(), slug);
        String password = "Gate-" + java.util.UUID.randomUUID();
        choosePassword(slug, token, password).then().statusCode(200).body("secondFactorNext", equalTo(false));

        String guardToken = Users.signIn(slug, email, password);
        given().auth().oauth2(guardToken).get("/api/v1/tenants/" + slug + "/me").then().statusCode(200);
        // A guard cannot manage staff.
        problem(given().auth().oauth2(guardToken).get(staff(slug)), 403, null);
        problem(given().auth().oauth2(guardToken).post(staff(slug) + "/" + guardId + "/disable"), 403, null);

        given().auth().oauth2(tenant.admin()).post(staff(slug) + "/" + guardId + "/disable")
                .then().statusCode(200).body("status", equalTo("DISABLED"));
        // The token Keycloak issued before is refused at once, everywhere; no new one is issued.
        problem(given().auth().oauth2(guardToken).get("/api/v1/tenants/" + slug + "/me"), 401, "account_disabled");
        RestAssured.given().formParam("grant_type", "password").formParam("client_id", "consentry-cli")
                .formParam("username", email).formParam("password", password)
                .post(keycloakUrl() + "/realms/" + slug + "/protocol/openid-connect/token").then().statusCode(400);
        problem(given().auth().oauth2(tenant.admin()).post(staff(slug) + "/" + guardId + "/setup-mail"), 409, "staff_disabled");

        given().auth().oauth2(tenant.admin()).post(staff(slug) + "/" + guardId + "/enable")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        problem(given().auth().oauth2(guardToken).get("/api/v1/tenants/" + slug + "/me"), 401, "account_disabled");
        String again = Users.signIn(slug, email, password);
        given().auth().oauth2(again).get("/api/v1/tenants/" + slug + "/me").then().statusCode(200);

        // An admin cannot disable themselves.
        String self = subjectOf(tenant.admin());
        problem(given().auth().oauth2(tenant.admin()).post(staff(slug) + "/" + self + "/disable"), 409, "cannot_disable_self");

        given().auth().oauth2(tenant.admin()).get("/api/v1/tenants/" + slug + "/audit?size=100")
                .then().statusCode(200)
                .body("items.action", hasItems("staff.invited", "staff.setup-link.issued", "staff.setup.password-chosen",
                        "staff.disabled", "staff.enabled"));
    }

    @Test
    void refusalsWriteNothing() {
        Tenants.Pair pair = Tenants.pairWithAdmins(keycloak, "stf", "MALL", "BANK");
        String slug = pair.first().slug();
        String admin = pair.first().admin();
        int before = given().auth().oauth2(admin).get(staff(slug)).then().statusCode(200).extract().path("size()");

        problem(invite(admin, slug, Map.of("name", "Bad Mail", "email", "not-an-address", "role", "guard")), 400, "validation_failed")
                .body("errors.field", hasItem("email"));
        problem(invite(admin, slug, Map.of("name", "Bad Role", "email", "x@" + slug + ".example.test", "role", "owner")), 400, "validation_failed")
                .body("errors.field", hasItem("role"));
        problem(invite(admin, slug, Map.of("email", "y@" + slug + ".example.test", "role", "guard")), 400, "validation_failed")
                .body("errors.field", hasItem("name"));
        problem(invite(admin, slug, Map.of("name", "<script>", "email", "z@" + slug + ".example.test", "role", "guard")), 400, "validation_failed");
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"A\",").post(staff(slug)), 400, "malformed_json");
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":1,\"email\":\"a@b.cn\",\"role\":\"guard\"}").post(staff(slug)), 400, "invalid_value");
        problem(invite(admin, slug, Map.of("name", "Extra", "email", "e@" + slug + ".example.test", "role", "guard", "admin", true)), 400, "unknown_field");
        given().auth().oauth2(admin).get(staff(slug)).then().statusCode(200).body("size()", equalTo(before));

        // Another tenant's staff id is not found here; an unknown or malformed id neither.
        String otherId = subjectOf(pair.second().admin());
        problem(given().auth().oauth2(admin).post(staff(slug) + "/" + otherId + "/disable"), 404, "staff_not_found");
        problem(given().auth().oauth2(admin).get(staff(slug) + "/" + java.util.UUID.randomUUID()), 404, "staff_not_found");
        problem(given().auth().oauth2(admin).get(staff(slug) + "/not-an-id"), 404, "staff_not_found");
        // Another tenant's route refuses this admin's token.
        problem(given().auth().oauth2(admin).get(staff(pair.second().slug())), 403, "tenant_mismatch");
        // A tenant admin cannot use the platform's routes.
        problem(given().auth().oauth2(admin).contentType(ContentType.JSON)
                .post("/api/v1/platform/tenants/" + slug + "/admins/" + subjectOf(admin) + "/setup-link"), 403, "platform_only");
        problem(given().auth().oauth2(admin).get("/api/v1/platform/tenants/" + slug + "/admins"), 403, "platform_only");

        // A tenant cannot be created without its first admin, nor with a malformed one; nothing is provisioned.
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String newSlug = Tenants.uniqueSlug("noadm");
        problem(given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", newSlug, "displayName", "No admin", "kind", "MALL")).post("/api/v1/platform/tenants"), 400, "validation_failed")
                .body("errors.field", hasItem("firstAdmin"));
        problem(given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", newSlug, "displayName", "No admin", "kind", "MALL", "firstAdmin", Map.of("name", "A", "email", "nope")))
                .post("/api/v1/platform/tenants"), 400, "validation_failed");
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + newSlug).then().statusCode(404);
        // An operator cannot hand out a guard's setup link: that is the tenant's admins' business.
        String guardId = invite(admin, slug, Map.of("name", "Gate Keeper", "email", "gk@" + slug + ".example.test", "role", "guard"))
                .then().statusCode(201).extract().path("id");
        problem(given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/admins/" + guardId + "/setup-link"), 404, "staff_not_found");
    }

    @Test
    void adminsAndAuditorsMustSetUpAnAuthenticatorAppAndThePolicyIsRestoredOnExistingRealms() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "mfa", "BANK");
        String slug = tenant.slug();
        String auditor = invite(tenant.admin(), slug, Map.of("name", "Chen Jing", "email", "audit@" + slug + ".example.test", "role", "auditor"))
                .then().statusCode(201).extract().path("id");
        String guard = invite(tenant.admin(), slug, Map.of("name", "Wu Lei", "email", "gate@" + slug + ".example.test", "role", "guard"))
                .then().statusCode(201).extract().path("id");
        assertThat(keycloak.realm(slug).users().get(auditor).toRepresentation().getRequiredActions()).contains("CONFIGURE_TOTP");
        assertThat(keycloak.realm(slug).users().get(guard).toRepresentation().getRequiredActions()).doesNotContain("CONFIGURE_TOTP");

        // A new realm signs people in through the flow that asks admins and auditors for a code.
        assertThat(keycloak.realm(slug).toRepresentation().getBrowserFlow()).isEqualTo("consentry browser");
        assertThat(keycloak.realm(slug).roles().get("auditor").getRoleComposites()).extracting("name").contains("second-factor-required");
        assertThat(realms.requireSecondFactor(registry.findBySlug(slug).orElseThrow())).as("already applied: nothing to change").isFalse();

        // A realm from before (the built-in flow, no composite): the start-up pass restores the policy.
        org.keycloak.representations.idm.RealmRepresentation old = new org.keycloak.representations.idm.RealmRepresentation();
        old.setBrowserFlow("browser");
        keycloak.realm(slug).update(old);
        var marker = keycloak.realm(slug).roles().get("second-factor-required").toRepresentation();
        keycloak.realm(slug).roles().get("auditor").deleteComposites(List.of(marker));
        assertThat(realms.requireSecondFactor(registry.findBySlug(slug).orElseThrow())).isTrue();
        assertThat(keycloak.realm(slug).toRepresentation().getBrowserFlow()).isEqualTo("consentry browser");
        assertThat(keycloak.realm(slug).roles().get("auditor").getRoleComposites()).extracting("name").contains("second-factor-required");
    }

    private static Response invite(String admin, String slug, Map<String, Object> body) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post(staff(slug));
    }

    private static Response choosePassword(String slug, String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .post("/api/v1/staff-setup/" + slug + "/password");
    }

    private static io.restassured.response.ValidatableResponse problem(Response response, int status, String code) {
        var checked = response.then().statusCode(status).contentType("application/problem+json");
        return code == null ? checked : checked.body("code", equalTo(code));
    }

    private static String setupToken(String text, String slug) {
        Matcher m = SETUP_LINK.matcher(text);
        assertThat(m.find()).as("a setup link in: " + text).isTrue();
        assertThat(m.group(1)).isEqualTo(slug);
        return m.group(2);
    }

    private static String staff(String slug) {
        return "/api/v1/tenants/" + slug + "/staff";
    }

    private static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(payload);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private void allowTestRedirects(String slug) {
        var clients = keycloak.realm(slug).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(api() + "/console/*"); // the test app listens on a random port
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static String keycloakUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("consentry.keycloak.url", String.class);
    }

    private static String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }
}
