package io.consentry.leastprivilege;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The api's runtime role on the real PostgreSQL: it reads and writes rows, and nothing else. Each statement below is
 * what an attacker holding the api's database credentials would try first to rewrite history; each must be refused by
 * PostgreSQL itself (not by the api), also on a tenant provisioned at run time.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DatabaseRolesTest {

    private static String schema;

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String runtimeRole;
    @ConfigProperty(name = "quarkus.datasource.password")
    String runtimePassword;
    @ConfigProperty(name = "quarkus.datasource.owner.username")
    String ownerRole;

    @BeforeEach
    void aTenantWithHistory() {
        if (schema != null) {
            return;
        }
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "roles", "COMPOUND");
        // an audit entry, a purpose with its notice (default purposes), and a consent event are needed below
        io.restassured.RestAssured.given().auth().oauth2(tenant.admin()).contentType("application/json")
                .post("/api/v1/tenants/" + tenant.slug() + "/audit/verify").then().statusCode(200);
        schema = "t_" + tenant.slug().replace('-', '_');
    }

    @Test
    void theRuntimeRoleIsNotTheOwnerAndNoSuperuser() throws SQLException {
        assertThat(runtimeRole).isNotEqualTo(ownerRole);
        try (Connection c = runtime(); Statement s = c.createStatement();
             var row = s.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            row.next();
            assertThat(new boolean[]{row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getBoolean(4)})
                    .containsOnly(false);
        }
    }

    @Test
    void itReadsAndWritesRows() throws SQLException {
        try (Connection c = runtime(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (var rows = s.executeQuery("SELECT count(*) FROM audit_entry")) {
                rows.next();
                assertThat(rows.getLong(1)).isPositive();
            }
            c.setAutoCommit(false);
            assertThat(s.executeUpdate("UPDATE tenant_profile SET display_name = display_name")).isEqualTo(1);
            c.rollback();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit_entry", "consent_event", "notice_version"})
    void historyCannotBeUpdatedDeletedOrTruncated(String table) throws SQLException {
        refused("UPDATE " + table + " SET " + (table.equals("audit_entry") ? "outcome = 'ok'" : "id = id"));
        refused("DELETE FROM " + table);
        refused("TRUNCATE " + table);
        refused("TRUNCATE " + table + " CASCADE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit_entry", "consent_event", "notice_version"})
    void historyTriggersCannotBeDisabledOrDropped(String table) throws SQLException {
        refused("ALTER TABLE " + table + " DISABLE TRIGGER ALL");
        refused("ALTER TABLE " + table + " DISABLE TRIGGER USER");
        String trigger = switch (table) {
            case "audit_entry" -> "audit_entry_no_update_or_delete";
            case "consent_event" -> "consent_event_append_only";
            default -> "notice_version_immutable";
        };
        refused("DROP TRIGGER " + trigger + " ON " + table);
        refused("CREATE TRIGGER sneaky BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION consentry_immutable()");
        refused("SET session_replication_role = replica");
    }

    @Test
    void noDdlInTheTenantOrThePlatformSchema() throws SQLException {
        refused("ALTER TABLE audit_entry ADD COLUMN sneaky text");
        refused("DROP TABLE consent_event");
        refused("CREATE TABLE sneaky (id int)");
        refused("CREATE OR REPLACE FUNCTION consentry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
        refused("ALTER TABLE platform.tenant DISABLE TRIGGER ALL");
        refused("ALTER TABLE platform.tenant_keyset ADD COLUMN sneaky text");
        refused("CREATE SCHEMA sneaky");
        refused("CREATE TABLE platform.sneaky (id int)");
        refused("TRUNCATE platform.tenant CASCADE");
    }

    @Test
    void auditCheckpointsAndPlatformKeysOnlyGrow() throws SQLException {
        for (String table : new String[]{"platform.audit_checkpoint", "platform.platform_key"}) {
            refused("UPDATE " + table + " SET created_at = now()");
            refused("DELETE FROM " + table);
            refused("TRUNCATE " + table);
            refused("ALTER TABLE " + table + " DISABLE TRIGGER ALL");
        }
    }

    @Test
    void migrationBookkeepingIsReadOnly() throws SQLException {
        refused("DELETE FROM flyway_schema_history");
        refused("DELETE FROM platform.flyway_schema_history");
    }

    private void refused(String sql) throws SQLException {
        try (Connection c = runtime(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            assertThatThrownBy(() -> s.execute(sql)).as(sql)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                            .as("%s: %s", sql, e.getMessage())
                            // 42501 insufficient_privilege; 42P01 is never acceptable here (the tables exist)
                            .isIn("42501"));
        }
    }

    private Connection runtime() throws SQLException {
        return DriverManager.getConnection(url, runtimeRole, runtimePassword);
    }
}
