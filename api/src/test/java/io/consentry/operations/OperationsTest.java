package io.consentry.operations;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.tenants.schema.TenantSchemaUpgrade;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(RealServers.class)
class OperationsTest {

    @Inject
    Keycloak keycloak;
    @Inject
    @io.quarkus.agroal.DataSource(TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource dataSource;
    @Inject
    TenantSchemaUpgrade upgrade;
    @Inject
    TenantSchemas schemas;

    @Test
    void readinessCoversDatabaseS3AndKeycloakOnTheManagementPortWithoutCountingTenants() {
        io.consentry.testing.Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("s3", "keycloak", "Database connections health check"))
                .body(org.hamcrest.Matchers.not(containsString("buckets")))
                .body(org.hamcrest.Matchers.not(containsString("tenants")));
    }

    @Test
    void publishesOpenApiAndMetricsOnTheManagementPortOnly() {
        io.consentry.testing.Management.given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/platform/tenants"))
                .body(containsString("/api/v1/tenants/{tenant}/me"));
        io.consentry.testing.Management.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        io.consentry.testing.Management.given().get("/q/swagger-ui/").then().statusCode(200);
        // The public port answers none of it, with a problem document like any unknown address.
        for (String path : java.util.List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().get(path).then().statusCode(404);
        }
    }


    @Test
    void startUpBringsEveryTenantSchemaToTheLatestMigration() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("old");
        Tenants.create(operator, slug, "OTHER");
        String schema = new TenantSlug(slug).schemaName();
        // Rebuild the schema as an old release left it: only the first migration applied.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        Flyway.configure(getClass().getClassLoader()).dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .createSchemas(true).resourceProvider(new TenantMigrations()).javaMigrationClassProvider(java.util.Collections::emptyList)
                .target("1").load().migrate();

        assertThat(upgrade.upgradeAll()).isGreaterThanOrEqualTo(1);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success AND version IS NOT NULL")) {
            rows.next();
            assertThat(rows.getInt(1)).as("every tenant migration applied").isEqualTo(TenantMigrations.SCRIPTS.size());
        }
        assertThat(schemas.migrate(schema)).as("nothing left to migrate").isZero();
    }
}
