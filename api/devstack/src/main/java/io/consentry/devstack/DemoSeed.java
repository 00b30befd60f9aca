package io.consentry.devstack;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Idempotent demo data for a local run: a platform operator, a demo tenant (created through the
 * api, as an operator would) and that tenant's admin. Passwords are generated once and kept in
 * {@code demo-logins.properties} in the state directory.
 */
final class DemoSeed {

    static final String PLATFORM_REALM = "platform";
    static final String OPERATOR_ROLE = "platform-operator";
    static final String OPERATOR_USERNAME = "operator";
    /** Public client with direct access grants, in the platform realm and in every tenant realm. */
    static final String CLI_CLIENT = "consentry-cli";

    static final String DEMO_TENANT_SLUG = "demo";
    /** The platform invites the first admin (setup link by mail); the demo also seeds its own admin with a password below. */
    static final String DEMO_TENANT_BODY = "{\"slug\":\"demo\",\"displayName\":\"Demo Residences\",\"kind\":\"COMPOUND\","
            + "\"firstAdmin\":{\"name\":\"Demo Owner\",\"email\":\"owner@demo.consentry.test\"}}";
    /** The demo tenant's data controller: notices name it, so none is published (nor any default purpose) without it. */
    static final String DEMO_CONTROLLER_BODY = "{\"name\":\"Demo Residences Property Management Ltd.\","
            + "\"address\":\"88 Demo Road, Pudong, Shanghai\",\"email\":\"privacy@demo.example\",\"phone\":\"+86 21 5555 0188\","
            + "\"policyUrl\":\"https://demo.example/privacy\",\"jurisdiction\":\"CN\"}";
    static final String TENANT_ADMIN_ROLE = "tenant-admin";
    static final String TENANT_ADMIN_USERNAME = "admin";

    private static final Duration REALM_TIMEOUT = Duration.ofSeconds(60);

    record Logins(String operatorPassword, String tenantAdminPassword) {
    }

    private DemoSeed() {
    }

    /** The Keycloak realm of a tenant. The api names it after the slug; this is the one place that knows. */
    static String realmOfTenant(String slug) {
        return slug;
    }

    static Logins seed(KeycloakAdminClient admin, String keycloakUrl, String apiUrl, GeneratedSecrets logins,
                       java.util.function.Consumer<String> progress) {
        String operatorPassword = logins.getOrCreate("operator.password", 16);
        String tenantAdminPassword = logins.getOrCreate("demo.admin.password", 16);

        awaitRealmRole(admin, PLATFORM_REALM, OPERATOR_ROLE, "the api creates it at start-up");
        admin.ensureUserWithRealmRole(PLATFORM_REALM, OPERATOR_USERNAME, operatorPassword, OPERATOR_ROLE);
        progress.accept("Platform operator '" + OPERATOR_USERNAME + "' ready in realm " + PLATFORM_REALM);

        String operatorToken = KeycloakAdminClient.passwordGrantToken(keycloakUrl, PLATFORM_REALM, CLI_CLIENT,
                OPERATOR_USERNAME, operatorPassword);
        HttpResponse<String> created = KeycloakAdminClient.send(HttpRequest.newBuilder(
                        URI.create(apiUrl + "/api/v1/platform/tenants"))
                .header("Authorization", "Bearer " + operatorToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(DEMO_TENANT_BODY))
                .build());
        if (created.statusCode() == 201) {
            progress.accept("Demo tenant '" + DEMO_TENANT_SLUG + "' created");
        } else if (created.statusCode() == 409) {
            progress.accept("Demo tenant '" + DEMO_TENANT_SLUG + "' already there");
        } else {
            throw new IllegalStateException("the api refused to create the demo tenant: HTTP " + created.statusCode()
                    + " " + created.body());
        }

        String tenantRealm = realmOfTenant(DEMO_TENANT_SLUG);
        awaitRealmRole(admin, tenantRealm, TENANT_ADMIN_ROLE, "tenant provisioning creates it");
        admin.ensureUserWithRealmRole(tenantRealm, TENANT_ADMIN_USERNAME, tenantAdminPassword, TENANT_ADMIN_ROLE);
        progress.accept("Tenant admin '" + TENANT_ADMIN_USERNAME + "' ready in realm " + tenantRealm);
        ensureController(keycloakUrl, apiUrl, tenantRealm, tenantAdminPassword, progress);
        return new Logins(operatorPassword, tenantAdminPassword);
    }

    /** Fills in the demo controller profile once (an admin's later edits are kept). */
    private static void ensureController(String keycloakUrl, String apiUrl, String realm, String adminPassword,
                                         java.util.function.Consumer<String> progress) {
        String token = KeycloakAdminClient.passwordGrantToken(keycloakUrl, realm, CLI_CLIENT, TENANT_ADMIN_USERNAME, adminPassword);
        URI controller = URI.create(apiUrl + "/api/v1/tenants/" + DEMO_TENANT_SLUG + "/controller");
        HttpResponse<String> current = KeycloakAdminClient.send(HttpRequest.newBuilder(controller)
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build());
        if (current.statusCode() == 200 && current.body().replace(" ", "").contains("\"missing\":[]")) {
            return;
        }
        HttpResponse<String> put = KeycloakAdminClient.send(HttpRequest.newBuilder(controller)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(DEMO_CONTROLLER_BODY)).build());
        if (put.statusCode() != 200) {
            throw new IllegalStateException("the api refused the demo controller profile: HTTP " + put.statusCode() + " " + put.body());
        }
        progress.accept("Demo tenant's data controller profile filled in");
    }

    private static void awaitRealmRole(KeycloakAdminClient admin, String realm, String role, String why) {
        Readiness.await("Keycloak realm '" + realm + "' with role '" + role + "' (" + why + ")", REALM_TIMEOUT,
                () -> admin.realmExists(realm) && admin.realmRoleExists(realm, role),
                () -> true,
                () -> "Check the api log (logs/api.log in the state directory).");
    }
}
