package io.consentry.core.security;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Tries to use tokens where they do not belong. Every attempt must be refused with a clear problem. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@SuppressWarnings("unchecked")
class TenantIsolationTest {

    private static String operator;
    private static String tenantA;
    private static String tenantB;
    private static String adminA;
    private static String adminB;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void twoTenantsWithTheirAdmins() {
        if (operator != null) {
            return;
        }
        operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenantA = Tenants.uniqueSlug("alpha");
        tenantB = Tenants.uniqueSlug("beta");
        Tenants.create(operator, tenantA, "COMPOUND");
        Tenants.create(operator, tenantB, "BANK");
        adminA = Users.tokenFor(keycloak, tenantA, "tenant-admin");
        adminB = Users.tokenFor(keycloak, tenantB, "tenant-admin");
    }

    @Test
    void aTenantAdminSeesTheirOwnTenantReadFromItsSchema() {
        given().auth().oauth2(adminA).get(me(tenantA))
                .then().statusCode(200)
                .body("tenant", equalTo(tenantA))
                .body("tenantDisplayName", equalTo("Tenant " + tenantA))
                .body("tenantKind", equalTo("COMPOUND"))
                .body("roles", hasItem("tenant-admin"));
        given().auth().oauth2(adminB).get(me(tenantB))
                .then().statusCode(200).body("tenant", equalTo(tenantB)).body("tenantKind", equalTo("BANK"));
    }

    @Test
    void aTokenOfTenantAIsRefusedOnTenantBsRoutes() {
        given().auth().oauth2(adminA).get(me(tenantB))
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_mismatch"));
        given().auth().oauth2(adminB).get(me(tenantA))
                .then().statusCode(403).body("code", equalTo("tenant_mismatch"));
    }

    @Test
    void anOperatorTokenIsRefusedOnTenantRoutes() {
        given().auth().oauth2(operator).get(me(tenantA))
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_token_required"));
    }

    /** Every tenant route of the OpenAPI document, every method: the same answer, whatever role the route wants. */
    @Test
    void anOperatorTokenGetsTheSameAnswerOnEveryTenantRoute() {
        Map<String, Object> paths = io.consentry.testing.Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("paths");
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/v1/tenants/{tenant}")) {
                continue;
            }
            String url = path.getKey().replace("{tenant}", tenantA).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (String method : ((Map<String, Object>) path.getValue()).keySet()) {
                if (!List.of("get", "post", "put", "delete").contains(method)) {
                    continue;
                }
                tried++;
                var response = given().auth().oauth2(operator).contentType("application/json").body("{}").request(method, url);
                if (response.statusCode() != 403 || !"tenant_token_required".equals(response.path("code"))) {
                    wrong.add(method.toUpperCase() + " " + path.getKey() + " -> " + response.statusCode() + " " + response.path("code"));
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(tried).isGreaterThan(40);
        org.assertj.core.api.Assertions.assertThat(wrong).isEmpty();
    }

    @Test
    void aTenantTokenIsRefusedOnPlatformRoutesEvenWithAnOperatorLookingRole() {
        // Without the operator role the role check refuses first; either way the answer is a 403 problem.
        given().auth().oauth2(adminA).get("/api/v1/platform/tenants")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.oneOf("forbidden", "platform_only"));
        // A realm role with the operator's name inside a tenant realm grants nothing on the platform.
        var role = new org.keycloak.representations.idm.RoleRepresentation();
        role.setName("platform-operator");
        keycloak.realm(tenantB).roles().create(role);
        String impostor = Users.tokenFor(keycloak, tenantB, "platform-operator");
        given().auth().oauth2(impostor).get("/api/v1/platform/tenants")
                .then().statusCode(403).body("code", equalTo("platform_only"));
    }

    @Test
    void tokensOfRealmsThatAreNotTenantsAreRefused() {
        String masterToken = keycloak.tokenManager().getAccessTokenString();
        given().auth().oauth2(masterToken).get(me(tenantA)).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(masterToken).get("/api/v1/platform/tenants").then().statusCode(401);
    }

    @Test
    void aSuspendedTenantsTokensAreRefusedUntilItIsResumed() {
        String slug = Tenants.uniqueSlug("paused");
        Tenants.create(operator, slug, "MALL");
        String admin = Users.tokenFor(keycloak, slug, "tenant-admin", "auditor");
        given().auth().oauth2(admin).get(me(slug)).then().statusCode(200)
                .body("roles", containsInAnyOrder("tenant-admin", "auditor", "default-roles-" + slug, "offline_access", "uma_authorization",
                        "second-factor-required")); // contained in tenant-admin and auditor: their sign-in asks for a code

        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend").then().statusCode(200);
        given().auth().oauth2(admin).get(me(slug))
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        given().auth().oauth2(adminA).get(me(tenantA)).then().statusCode(200);

        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/resume").then().statusCode(200);
        given().auth().oauth2(admin).get(me(slug)).then().statusCode(200);
    }

    @Test
    void aTenantCreatedAfterStartUpIsAcceptedAtOnce() {
        String late = Tenants.uniqueSlug("late");
        Tenants.create(operator, late, "OTHER");
        given().auth().oauth2(Users.tokenFor(keycloak, late, "guard")).get(me(late))
                .then().statusCode(200).body("tenant", equalTo(late));
    }

    private static String me(String tenant) {
        return "/api/v1/tenants/" + tenant + "/me";
    }
}
