package io.consentry.platform;

import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.realm.TenantRealms;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.tenants.storage.TenantBuckets;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.Keycloak;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(RealServers.class)
class PlatformTenantsTest {

    private static final String TENANTS = "/api/v1/platform/tenants";
    private static String operator;

    @Inject
    Keycloak keycloak;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantKeyring keyring;
    @Inject
    TenantSchemas schemas;
    @Inject
    TenantBuckets buckets;
    @Inject
    TenantRealms realms;
    @Inject
    MinioClient s3;

    @BeforeEach
    void signInOperator() {
        if (operator == null) {
            operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        }
    }

    @Test
    void createsATenantWithEveryResourceAndRecordsWhereItLives() {
        String slug = Tenants.uniqueSlug("mall");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Grand Mall", "kind", "MALL", "firstAdmin", io.consentry.testing.Tenants.firstAdmin(slug)))
                .post(TENANTS)
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("slug", equalTo(slug))
                .body("status", equalTo("ACTIVE"))
                .body("kind", equalTo("MALL"))
                .body("placement.cell", equalTo("default"))
                .body("placement.realm", equalTo(slug))
                .body("placement.schema", equalTo("t_" + slug.replace('-', '_')))
                .body("placement.bucket", equalTo("consentry-t-" + slug));

        given().auth().oauth2(operator).get(TENANTS + "/" + slug)
                .then().statusCode(200)
                .body("provisioned.keyset", equalTo(true))
                .body("provisioned.schema", equalTo(true))
                .body("provisioned.bucket", equalTo(true))
                .body("provisioned.realm", equalTo(true));

        given().auth().oauth2(operator).get(TENANTS)
                .then().statusCode(200).body("slug", hasItem(slug));

        assertThat(realms.exists(registry.findBySlug(slug).orElseThrow())).isTrue();
        assertThat(keycloak.realm(slug).roles().list()).extracting(r -> r.getName())
                .contains("tenant-admin", "guard", "auditor", "device");
    }

    @Test
    void aDuplicateSlugIsAConflict() {
        String slug = Tenants.uniqueSlug("dup");
        Tenants.create(operator, slug, "BANK");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Again", "kind", "BANK", "firstAdmin", io.consentry.testing.Tenants.firstAdmin(slug)))
                .post(TENANTS)
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("tenant_exists"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "-lead", "trail-", "under_score", "dots.in", "platform", "master",
            "this-slug-is-far-too-long-to-be-accepted-here"})
    void rejectsSlugsThatAreNotDnsLabels(String slug) {
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "X", "kind", "OTHER", "firstAdmin", io.consentry.testing.Tenants.firstAdmin("x")))
                .post(TENANTS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.oneOf("invalid_slug", "validation_failed"))
                .body("detail", org.hamcrest.Matchers.containsString("slug"));
        assertThat(registry.findBySlug(slug)).isEmpty();
    }

    @Test
    void malformedJsonIsAProblemNotAnError() {
        given().auth().oauth2(operator).contentType(ContentType.JSON).body("{\"slug\": \"x\", ")
                .post(TENANTS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body("status", equalTo(400))
                .body("type", equalTo("urn:consentry:problem:malformed_json"));
    }

    @Test
    void wrongTypesUnknownKindsAndUnknownFieldsAreNamed() {
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body("{\"slug\":\"okay\",\"displayName\":\"X\",\"kind\":\"CASTLE\"}")
                .post(TENANTS)
                .then().statusCode(400).body("code", equalTo("invalid_value"))
                .body("errors[0].field", equalTo("kind"))
                .body("detail", org.hamcrest.Matchers.containsString("MALL"));
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body("{\"slug\":[1,2],\"displayName\":\"X\",\"kind\":\"MALL\"}")
                .post(TENANTS)
                .then().statusCode(400).body("code", equalTo("invalid_value")).body("errors[0].field", equalTo("slug"));
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body("{\"slug\":\"okay\",\"displayName\":\"X\",\"kind\":\"MALL\",\"owner\":\"me\"}")
                .post(TENANTS)
                .then().statusCode(400).body("code", equalTo("unknown_field")).body("errors[0].field", equalTo("owner"));
    }

    @Test
    void missingFieldsAndMissingBodyAreNamed() {
        given().auth().oauth2(operator).contentType(ContentType.JSON).body("{\"slug\":\"okay\"}")
                .post(TENANTS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("displayName", "kind", "firstAdmin"));
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .post(TENANTS)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.TEXT).body("slug=x")
                .post(TENANTS)
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void unknownTenantsAreNotFoundOnEveryRoute() {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(operator).get(TENANTS + "/" + ghost).then().statusCode(404).body("code", equalTo("tenant_not_found"));
        given().auth().oauth2(operator).post(TENANTS + "/" + ghost + "/suspend").then().statusCode(404).body("code", equalTo("tenant_not_found"));
        given().auth().oauth2(operator).post(TENANTS + "/" + ghost + "/resume").then().statusCode(404).body("code", equalTo("tenant_not_found"));
        given().auth().oauth2(operator).delete(TENANTS + "/" + ghost + "?confirm=" + ghost).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(operator).get("/api/v1/platform/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthorized() {
        given().get(TENANTS).then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().auth().oauth2("not-a-jwt").get(TENANTS).then().statusCode(401).contentType("application/problem+json");
        String forged = operator.substring(0, operator.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).get(TENANTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void deleteNeedsConfirmationThenRemovesEverythingStartingWithTheKeyset() throws Exception {
        String slug = Tenants.uniqueSlug("gone");
        Tenants.create(operator, slug, "COMPOUND");
        var tenant = registry.findBySlug(slug).orElseThrow();
        s3.putObject(PutObjectArgs.builder().bucket(tenant.bucket).object("receipts/r1")
                .stream(new ByteArrayInputStream(new byte[]{1, 2, 3}), 3, -1).build());

        given().auth().oauth2(operator).delete(TENANTS + "/" + slug)
                .then().statusCode(400).body("code", equalTo("confirmation_required"));
        given().auth().oauth2(operator).delete(TENANTS + "/" + slug + "?confirm=wrong")
                .then().statusCode(400).body("code", equalTo("confirmation_required"));
        assertThat(keyring.exists(tenant.id)).as("nothing removed without confirmation").isTrue();

        given().auth().oauth2(operator).delete(TENANTS + "/" + slug + "?confirm=" + slug)
                .then().statusCode(200)
                .body("keysetDestroyed", equalTo(true))
                .body("schemaDropped", equalTo(true))
                .body("bucketRemoved", equalTo(true))
                .body("objectsRemoved", equalTo(1))
                .body("realmRemoved", equalTo(true));

        assertThat(keyring.exists(tenant.id)).isFalse();
        assertThat(schemas.exists(tenant.dbSchema)).isFalse();
        assertThat(buckets.exists(tenant)).isFalse();
        assertThat(realms.exists(tenant)).isFalse();
        assertThat(registry.findBySlug(slug)).isEmpty();
        given().auth().oauth2(operator).get(TENANTS + "/" + slug).then().statusCode(404);
    }

    @Test
    void suspendAndResumeFollowTheStatus() {
        String slug = Tenants.uniqueSlug("pause");
        Tenants.create(operator, slug, "OTHER");
        given().auth().oauth2(operator).post(TENANTS + "/" + slug + "/resume")
                .then().statusCode(409).body("code", equalTo("invalid_tenant_status"));
        given().auth().oauth2(operator).post(TENANTS + "/" + slug + "/suspend")
                .then().statusCode(200).body("status", equalTo("SUSPENDED"));
        assertThat(keycloak.realm(slug).toRepresentation().isEnabled()).as("realm disabled").isFalse();
        given().auth().oauth2(operator).post(TENANTS + "/" + slug + "/suspend")
                .then().statusCode(409);
        given().auth().oauth2(operator).post(TENANTS + "/" + slug + "/resume")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertThat(keycloak.realm(slug).toRepresentation().isEnabled()).isTrue();
    }
}
