package io.consentry.tenants.schema;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.registry.Tenant;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;

/**
 * Creates, migrates and drops the PostgreSQL schema of each tenant. All of it runs as the owner role (the
 * {@code owner} datasource: a pool of at most two connections, used for nothing else); the api's requests run as
 * the runtime role, which gets rows only ({@link RuntimeGrants}) once a schema is migrated.
 */
@ApplicationScoped
public class TenantSchemas {

    /** Name of the datasource of the owner role (quarkus.datasource.owner.*). */
    public static final String OWNER_DATASOURCE = "owner";

    private final AgroalDataSource owner;
    private final RuntimeGrants grants;

    TenantSchemas(@DataSource(OWNER_DATASOURCE) AgroalDataSource owner,
                  @ConfigProperty(name = "quarkus.datasource.username") String runtimeRole,
                  @ConfigProperty(name = "quarkus.datasource.owner.username") String ownerRole) {
        this.owner = owner;
        this.grants = new RuntimeGrants(runtimeRole, ownerRole);
    }

    /** Creates the tenant's schema (it must not exist yet), migrates it and writes its profile row. */
    public void create(Tenant tenant) {
        if (exists(tenant.dbSchema)) {
            throw new IllegalStateException("Schema " + tenant.dbSchema + " already exists; refusing to adopt it");
        }
        migrate(tenant.dbSchema);
        try (Connection connection = owner.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoted(tenant.dbSchema)
                     + ".tenant_profile (id, tenant_id, slug, display_name, kind, created_at) VALUES (1, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, tenant.id);
            insert.setString(2, tenant.slug);
            insert.setString(3, tenant.displayName);
            insert.setString(4, tenant.kind.name());
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the profile of tenant schema " + tenant.dbSchema, e);
        }
    }

    /** Brings the schema to the latest tenant migration and grants the runtime role its rows; returns how many migrations ran. */
    public int migrate(String schema) {
        MigrateResult result = Flyway.configure(TenantSchemas.class.getClassLoader())
                .dataSource(owner)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .resourceProvider(new TenantMigrations())
                .javaMigrationClassProvider(Collections::emptyList)
                .load()
                .migrate();
        grantRuntimeRole(schema, RuntimeGrants.TENANT_HISTORY);
        return result.migrationsExecuted;
    }

    /** The runtime role's rights on {@code schema} (also used for the platform schema at start-up). */
    public void grantRuntimeRole(String schema, java.util.List<String> history) {
        try (Connection connection = owner.getConnection()) {
            grants.apply(connection, schema, history);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the runtime role its rows in schema " + schema, e);
        }
    }

    public boolean exists(String schema) {
        try (Connection connection = owner.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up schema " + schema, e);
        }
    }

    /** Drops the schema and everything in it. Returns false when there was nothing to drop. */
    public boolean drop(String schema) {
        if (!exists(schema)) {
            return false;
        }
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + quoted(schema) + " CASCADE");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop schema " + schema, e);
        }
    }

    /** Schema names come from validated slugs; quoting is a second line of defence, not the first. */
    static String quoted(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a tenant schema name: " + schema);
        }
        return '"' + schema + '"';
    }
}
