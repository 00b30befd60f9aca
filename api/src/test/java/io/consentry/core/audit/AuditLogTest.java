package io.consentry.core.audit;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AuditLogTest {

    private static String operator;

    @Inject
    Keycloak keycloak;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource dataSource; // the owner role: more than the api has (it may disable triggers)

    private String slug;
    private String admin;

    @BeforeEach
    void freshTenant() {
        if (operator == null) {
            operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        }
        slug = Tenants.uniqueSlug("audit");
        Tenants.createUnassessed(operator, slug, "BANK"); // its log holds only what each test writes
        admin = Users.tokenFor(keycloak, slug, "tenant-admin");
    }

    @Test
    void operatorActionsLandInTheTenantsLogAndTheChainVerifies() {
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend").then().statusCode(200);
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/resume").then().statusCode(200);

        given().auth().oauth2(admin).get(audit())
                .then().statusCode(200)
                .body("total", equalTo(5))
                // Provisioning records the first admin's invitation and setup link, then the tenant itself.
                .body("items.action", org.hamcrest.Matchers.contains("tenant.resumed", "tenant.suspended", "tenant.provisioned",
                        "staff.invited", "staff.setup-link.issued"))
                .body("items[4].seq", equalTo(1))
                .body("items[4].prevHash", equalTo("0".repeat(64)));

        given().auth().oauth2(admin).post(audit() + "/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("entriesChecked", equalTo(5))
                .body("firstBrokenSeq", nullValue());
    }

    @Test
    void filtersPaginatesAndExportsJsonLines() {
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(admin).post(audit() + "/verify").then().statusCode(200);
        }
        given().auth().oauth2(admin).queryParam("action", "audit.verify").queryParam("size", 3).get(audit())
                .then().statusCode(200)
                .body("total", equalTo(4))
                .body("items", hasSize(3))
                .body("items.action", everyItem(equalTo("audit.verify")));
        given().auth().oauth2(admin).queryParam("action", "audit.verify").queryParam("size", 3).queryParam("page", 1).get(audit())
                .then().statusCode(200).body("items", hasSize(1));

        String lines = given().auth().oauth2(admin).get(audit() + "/export")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        assertThat(lines.lines()).as("three entries of provisioning and four verifications").hasSize(7).allMatch(line -> line.startsWith("{\"seq\":"));

        String auditor = Users.tokenFor(keycloak, slug, "auditor");
        given().auth().oauth2(auditor).get(audit()).then().statusCode(200).body("total", greaterThanOrEqualTo(7));
        String guard = Users.tokenFor(keycloak, slug, "guard");
        given().auth().oauth2(guard).get(audit()).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void badParametersAreProblems() {
        given().auth().oauth2(admin).queryParam("from", "yesterday").get(audit())
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(admin).queryParam("size", 100000).get(audit())
                .then().statusCode(400).body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(admin).queryParam("page", "two").get(audit())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theDatabaseRefusesToRewriteHistory() throws SQLException {
        String table = schema() + ".audit_entry";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE " + table + " SET outcome = 'FORGED'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM " + table))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("TRUNCATE " + table))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void anAlterationThatBypassesTheBlockIsFoundAtThatRow() throws SQLException {
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend").then().statusCode(200);
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/resume").then().statusCode(200);
        given().auth().oauth2(admin).post(audit() + "/verify").then().body("valid", equalTo(true));

        // As the table's owner (a superuser could do the same with session_replication_role), switch the block off.
        String table = schema() + ".audit_entry";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " DISABLE TRIGGER audit_entry_no_update_or_delete");
            statement.executeUpdate("UPDATE " + table + " SET outcome = 'FORGED' WHERE seq = 2");
            statement.execute("ALTER TABLE " + table + " ENABLE TRIGGER audit_entry_no_update_or_delete");
        }

        given().auth().oauth2(admin).post(audit() + "/verify")
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(2))
                .body("reason", org.hamcrest.Matchers.containsString("altered"));
    }

    @Test
    void aDeletedEntryIsFoundAsAGap() throws SQLException {
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend").then().statusCode(200);
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/resume").then().statusCode(200);
        String table = schema() + ".audit_entry";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " DISABLE TRIGGER audit_entry_no_update_or_delete");
            statement.executeUpdate("DELETE FROM " + table + " WHERE seq = 2");
            statement.execute("ALTER TABLE " + table + " ENABLE TRIGGER audit_entry_no_update_or_delete");
        }
        given().auth().oauth2(admin).post(audit() + "/verify")
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(3))
                .body("reason", org.hamcrest.Matchers.containsString("missing"));
    }

    private String audit() {
        return "/api/v1/tenants/" + slug + "/audit";
    }

    private String schema() {
        return new TenantSlug(slug).schemaName();
    }
}
