package io.consentry.tenants.schema;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What the api's runtime role may do in a schema the owner role migrated: read and write rows, nothing else. It owns
 * no table, so it can neither alter one nor disable its triggers; it is never granted TRUNCATE, REFERENCES or TRIGGER;
 * and on the tables that are history it may only INSERT and SELECT, so even with the api's own credentials the audit
 * log, the consent history and the published notices can only grow. Applied by the owner after every migration
 * (idempotent), because GRANT ... ON ALL TABLES covers only the tables that exist when it runs.
 */
public final class RuntimeGrants {

    private static final Logger LOG = Logger.getLogger(RuntimeGrants.class);

    /** History tables of a tenant schema. */
    public static final List<String> TENANT_HISTORY = List.of("audit_entry", "consent_event", "notice_version");
    /** History tables of the platform schema (signed audit checkpoints and the platform's keys). */
    public static final List<String> PLATFORM_HISTORY = List.of("audit_checkpoint", "platform_key");

    private final String runtimeRole;
    private final String ownerRole;

    public RuntimeGrants(String runtimeRole, String ownerRole) {
        this.runtimeRole = runtimeRole;
        this.ownerRole = ownerRole;
    }

    /** False when the api runs as the owner (a single-role set-up): there is nobody to grant to, and nothing is revoked. */
    public boolean separateRoles() {
        return runtimeRole != null && !runtimeRole.isBlank() && !runtimeRole.equals(ownerRole);
    }

    /** Grants rows of every table and sequence of {@code schema}, then takes back what history must not allow. */
    public void apply(Connection owner, String schema, List<String> history) throws SQLException {
        if (!separateRoles()) {
            LOG.warnf("The api's runtime role is the owner role %s: schema %s is not protected from the api itself. "
                    + "Configure quarkus.datasource.username (runtime) and quarkus.datasource.owner.username (owner) as two roles.",
                    ownerRole, schema);
            return;
        }
        String s = TenantSchemas.quoted(schema);
        String role = quotedRole(runtimeRole);
        // One transaction: a replica serving requests meanwhile never sees a moment with less, or more, than this.
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement statement = owner.createStatement()) {
            statement.execute("GRANT USAGE ON SCHEMA " + s + " TO " + role);
            statement.execute("REVOKE CREATE ON SCHEMA " + s + " FROM " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + role);
            statement.execute("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA " + s + " FROM " + role);
            statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + role);
            // Flyway's own bookkeeping: readable (diagnostics), never writable by the api.
            if (tableExists(owner, schema, "flyway_schema_history")) {
                statement.execute("REVOKE INSERT, UPDATE, DELETE ON " + s + ".flyway_schema_history FROM " + role);
            }
            for (String table : history) {
                if (tableExists(owner, schema, table)) {
                    statement.execute("REVOKE UPDATE, DELETE ON " + s + "." + TenantSchemas.quoted(table) + " FROM " + role);
                }
            }
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    private static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Role names come from configuration; they must be plain identifiers. */
    static String quotedRole(String role) {
        if (!role.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain PostgreSQL role name: " + role);
        }
        return '"' + role + '"';
    }
}
