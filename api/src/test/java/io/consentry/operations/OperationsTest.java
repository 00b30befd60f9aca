package io.consentry.operations;

import io.agroal.api.AgroalDataSource;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.schema.TenantSchemaUpgrade;
import io.consentry.tenants.schema.TenantSchemas;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
    AgroalDataSource dataSource;
    @Inject
    TenantSchemaUpgrade upgrade;
    @Inject
    TenantSchemas schemas;

    @Test
    void readinessCoversDatabaseS3AndKeycloak() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("s3", "keycloak", "Database connections health check"));
    }

    @Test
    void publishesOpenApiAndMetrics() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/platform/tenants"))
                .body(containsString("/api/v1/tenants/{tenant}/me"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void startUpBringsEveryTenantSchemaToTheLatestMigration() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("old");
        Tenants.create(operator, slug, "OTHER");
        String schema = new TenantSlug(slug).schemaName();
        // Pretend the schema predates migration V1 (an empty schema: deleting only V1's history row would leave
        // later migrations applied and make V1 out of order).
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        }

        assertThat(upgrade.upgradeAll()).isGreaterThanOrEqualTo(1);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE version = '1' AND success")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        assertThat(schemas.migrate(schema)).as("nothing left to migrate").isZero();
    }
}
