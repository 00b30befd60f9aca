package io.consentry.platform;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Tenant schema migrations run as a job, not at start-up: a tenant whose schema lags behind the code is refused with a
 * problem (the api itself keeps serving every other tenant), the operator's run migrates it, one tenant failing does
 * not stop the others, and a later run resumes with what is still behind.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SchemaMigrationJobTest {

    /** A version an older release had: well before the latest, so many migrations are missing. */
    private static final String OLD_VERSION = "40";

    @Inject
    Keycloak keycloak;
    @Inject
    @io.quarkus.agroal.DataSource(TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;

    @Test
    void aTenantBehindIsRefusedWithAProblemUntilTheJobMigratesItWhileOthersAreServed() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        Tenants.WithAdmin old = Tenants.createWithAdmin(keycloak, "old", "OTHER");
        Tenants.WithAdmin current = Tenants.createWithAdmin(keycloak, "cur", "OTHER");
        rebuildAsOldRelease(old.slug());

        given().auth().oauth2(old.admin()).get("/api/v1/tenants/" + old.slug() + "/purposes")
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("tenant_schema_outdated"));
        given().auth().oauth2(current.admin()).get("/api/v1/tenants/" + current.slug() + "/purposes").then().statusCode(200);
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + old.slug())
                .then().statusCode(200)
                .body("schema.version", equalTo(Integer.parseInt(OLD_VERSION)))
                .body("schema.required", equalTo(TenantMigrations.LATEST_VERSION))
                .body("schema.current", equalTo(false));

        JsonPath finished = runToTheEnd(operator);
        assertThat(finished.getString("run.status")).isEqualTo("FINISHED");
        assertThat(finished.getInt("run.migrated")).isGreaterThanOrEqualTo(1);
        assertThat(finished.getLong("tenantsBehind")).isZero();

        given().auth().oauth2(old.admin()).get("/api/v1/tenants/" + old.slug() + "/purposes").then().statusCode(200);
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + old.slug())
                .then().statusCode(200).body("schema.version", equalTo(TenantMigrations.LATEST_VERSION)).body("schema.current", equalTo(true));
        assertThat(appliedMigrations(schemaOf(old.slug()))).isEqualTo(TenantMigrations.SCRIPTS.size());
    }

    @Test
    void oneTenantFailingDoesNotStopTheOthersAndTheNextRunResumes() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        Tenants.WithAdmin broken = Tenants.createWithAdmin(keycloak, "brk", "OTHER");
        Tenants.WithAdmin fine = Tenants.createWithAdmin(keycloak, "ok", "OTHER");
        rebuildAsOldRelease(broken.slug());
        rebuildAsOldRelease(fine.slug());
        // Something in the way of a later migration (as a hand-made table would be): that tenant's migration fails.
        execute("CREATE TABLE " + schemaOf(broken.slug()) + ".biometric_activity (x int)");

        JsonPath failed = runToTheEnd(operator);
        assertThat(failed.getString("run.status")).isEqualTo("FAILED");
        assertThat(failed.getList("failures.tenant", String.class)).contains(broken.slug()).doesNotContain(fine.slug());
        assertThat(failed.getString("failures.find { it.tenant == '" + broken.slug() + "' }.error")).contains("biometric_activity");
        given().auth().oauth2(fine.admin()).get("/api/v1/tenants/" + fine.slug() + "/purposes").then().statusCode(200);
        given().auth().oauth2(broken.admin()).get("/api/v1/tenants/" + broken.slug() + "/purposes")
                .then().statusCode(503).body("code", equalTo("tenant_schema_outdated"));
        // An operator action that would write the tenant's log is refused before it changes anything.
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + broken.slug() + "/suspend")
                .then().statusCode(503).body("code", equalTo("tenant_schema_outdated"));
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + broken.slug()).then().body("status", equalTo("ACTIVE"));

        execute("DROP TABLE " + schemaOf(broken.slug()) + ".biometric_activity");
        JsonPath resumed = runToTheEnd(operator);
        assertThat(resumed.getString("run.status")).isEqualTo("FINISHED");
        assertThat(resumed.getList("failures")).isEmpty();
        given().auth().oauth2(broken.admin()).get("/api/v1/tenants/" + broken.slug() + "/purposes").then().statusCode(200);
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + broken.slug())
                .then().body("schema.current", equalTo(true)).body("schema.error", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void onlyOperatorsRunItAndUnknownRunsAreNotFound() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "mig", "OTHER");
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        given().auth().oauth2(tenant.admin()).post("/api/v1/platform/schema-migrations")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(operator).get("/api/v1/platform/schema-migrations/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
        given().auth().oauth2(operator).get("/api/v1/platform/schema-migrations/not-a-run")
                .then().statusCode(404).contentType("application/problem+json");
    }

    /** Starts a run (or joins the running one) and follows it until it is no longer running. */
    private static JsonPath runToTheEnd(String operator) throws InterruptedException {
        return runToTheEnd(operator, 3);
    }

    private static JsonPath runToTheEnd(String operator, int runsLeft) throws InterruptedException {
        JsonPath started = given().auth().oauth2(operator).post("/api/v1/platform/schema-migrations")
                .then().statusCode(202).extract().jsonPath();
        String id = started.getString("run.id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            JsonPath now = given().auth().oauth2(operator).get("/api/v1/platform/schema-migrations/" + id)
                    .then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(now.getString("run.status"))) {
                // A run that was already going when we asked may have missed our tenant: then one more run takes it.
                boolean missedSome = now.getLong("tenantsBehind") > now.getList("failures").size();
                return missedSome && runsLeft > 1 ? runToTheEnd(operator, runsLeft - 1) : now;
            }
            assertThat(Instant.now()).as("the run ends within 90 s").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** Rebuilds the tenant's schema as an older release left it, and records that version as the registry would. */
    private void rebuildAsOldRelease(String slug) throws SQLException {
        String schema = schemaOf(slug);
        // Keep the profile row provisioning wrote (its columns are those of the first migration).
        execute("CREATE TABLE public.kept_" + schema + " AS SELECT id, tenant_id, slug, display_name, kind, created_at FROM "
                + schema + ".tenant_profile");
        execute("DROP SCHEMA " + schema + " CASCADE");
        Flyway.configure(getClass().getClassLoader()).dataSource(owner).schemas(schema).defaultSchema(schema)
                .createSchemas(true).resourceProvider(new TenantMigrations()).javaMigrationClassProvider(Collections::emptyList)
                .target(OLD_VERSION).load().migrate();
        execute("INSERT INTO " + schema + ".tenant_profile (id, tenant_id, slug, display_name, kind, created_at) SELECT * FROM public.kept_" + schema);
        execute("DROP TABLE public.kept_" + schema);
        execute("UPDATE platform.tenant SET schema_version = " + Integer.parseInt(OLD_VERSION) + " WHERE slug = '" + slug + "'");
    }

    private int appliedMigrations(String schema) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success AND version IS NOT NULL")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String schemaOf(String slug) {
        return new TenantSlug(slug).schemaName();
    }

}
