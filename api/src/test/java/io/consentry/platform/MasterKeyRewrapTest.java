package io.consentry.platform;

import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

@QuarkusTest
@QuarkusTestResource(RealServers.class)
class MasterKeyRewrapTest {

    @Inject
    Keycloak keycloak;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantKeyring keyring;

    @Test
    void rewrappingKeepsEveryTenantKeysetAndItsCiphertextsReadable() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("rewrap");
        Tenants.create(operator, slug, "BANK");
        UUID tenantId = registry.findBySlug(slug).orElseThrow().id;
        byte[] context = ("tenant/" + tenantId).getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = keyring.aead(tenantId).encrypt("template".getBytes(StandardCharsets.UTF_8), context);

        given().auth().oauth2(operator).post("/api/v1/platform/master-key/rewrap")
                .then().statusCode(200).body("tenantKeysets", greaterThanOrEqualTo(1));

        keyring.forgetCached(tenantId);
        assertThat(keyring.aead(tenantId).decrypt(ciphertext, context)).asString(StandardCharsets.UTF_8).isEqualTo("template");
        String tenantAdmin = Users.tokenFor(keycloak, slug, "tenant-admin");
        given().auth().oauth2(tenantAdmin).post("/api/v1/platform/master-key/rewrap").then().statusCode(403);
    }
}
