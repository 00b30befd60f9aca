package io.consentry.platform;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.realm.TenantRealms;
import io.consentry.tenants.registry.TenantKeyset;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.tenants.storage.TenantBuckets;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Makes provisioning fail at each step by planting a resource with the tenant's name beforehand, and checks
 * that nothing of the half-made tenant survives — and that the planted resource is left alone.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ProvisioningRollbackTest {

    private static String operator;

    @Inject
    Keycloak keycloak;
    @Inject
    MinioClient s3;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource dataSource; // the owner role: what a database administrator, not the api, could do
    @Inject
    TenantRegistry registry;
    @Inject
    TenantSchemas schemas;
    @Inject
    TenantBuckets buckets;
    @Inject
    TenantRealms realms;
    @Inject
    io.consentry.tenants.placement.Cells cells; // these tenants would have been placed on the only cell, the home one

    @BeforeEach
    void signIn() {
        if (operator == null) {
            operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        }
    }

    @Test
    void aFailingBucketStepLeavesNoRealmSchemaKeysetOrRegistryEntry() throws Exception {
        String slug = Tenants.uniqueSlug("nobucket");
        TenantSlug tenantSlug = new TenantSlug(slug);
        String plantedBucket = tenantSlug.bucketName("consentry-t-");
        s3.makeBucket(MakeBucketArgs.builder().bucket(plantedBucket).build());
        long keysetsBefore = keysets();

        create(slug).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("provisioning_conflict"))
                .body("detail", containsString("bucket"));

        assertNothingLeft(tenantSlug);
        assertThat(keysets()).isEqualTo(keysetsBefore);
        assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(plantedBucket).build()))
                .as("a bucket the platform did not create is never deleted").isTrue();
    }

    @Test
    void aFailingRealmStepUndoesBucketSchemaAndKeyset() {
        String slug = Tenants.uniqueSlug("norealm");
        RealmRepresentation planted = new RealmRepresentation();
        planted.setRealm(slug);
        planted.setEnabled(true);
        keycloak.realms().create(planted);
        long keysetsBefore = keysets();

        create(slug).then().statusCode(409).body("code", equalTo("provisioning_conflict")).body("detail", containsString("realm"));

        TenantSlug tenantSlug = new TenantSlug(slug);
        assertThat(registry.findBySlug(slug)).isEmpty();
        assertThat(schemas.exists(tenantSlug.schemaName())).isFalse();
        assertThat(buckets.exists(cells.home(), tenantSlug.bucketName("consentry-t-"))).isFalse();
        assertThat(keysets()).isEqualTo(keysetsBefore);
        assertThat(realms.exists(cells.home(), slug)).as("the planted realm stays").isTrue();
    }

    @Test
    void aFailingSchemaStepUndoesTheKeyset() throws Exception {
        String slug = Tenants.uniqueSlug("noschema");
        TenantSlug tenantSlug = new TenantSlug(slug);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + tenantSlug.schemaName());
        }
        long keysetsBefore = keysets();

        create(slug).then().statusCode(409).body("code", equalTo("provisioning_conflict")).body("detail", containsString("schema"));

        assertThat(registry.findBySlug(slug)).isEmpty();
        assertThat(keysets()).isEqualTo(keysetsBefore);
        assertThat(buckets.exists(cells.home(), tenantSlug.bucketName("consentry-t-"))).isFalse();
        assertThat(realms.exists(cells.home(), slug)).isFalse();
        assertThat(schemas.exists(tenantSlug.schemaName())).as("the planted schema stays").isTrue();
    }

    @Test
    void theSameSlugCanBeProvisionedOnceTheObstacleIsGone() throws Exception {
        String slug = Tenants.uniqueSlug("retry");
        TenantSlug tenantSlug = new TenantSlug(slug);
        s3.makeBucket(MakeBucketArgs.builder().bucket(tenantSlug.bucketName("consentry-t-")).build());
        create(slug).then().statusCode(409);
        buckets.remove(cells.home(), tenantSlug.bucketName("consentry-t-"));
        create(slug).then().statusCode(201).body("status", equalTo("ACTIVE"));
    }

    private io.restassured.response.Response create(String slug) {
        return given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Doomed " + slug, "kind", "MALL", "firstAdmin", io.consentry.testing.Tenants.firstAdmin(slug)))
                .post("/api/v1/platform/tenants");
    }

    private void assertNothingLeft(TenantSlug slug) {
        assertThat(registry.findBySlug(slug.value())).as("registry entry").isEmpty();
        assertThat(schemas.exists(slug.schemaName())).as("schema").isFalse();
        assertThat(realms.exists(cells.home(), slug.realmName())).as("realm").isFalse();
    }

    private long keysets() {
        return QuarkusTransaction.requiringNew().call(() -> TenantKeyset.count());
    }

}
