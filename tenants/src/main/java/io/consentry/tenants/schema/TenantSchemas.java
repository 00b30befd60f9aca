package io.consentry.tenants.schema;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Creates, migrates and drops the PostgreSQL schema of each tenant, in the database of the tenant's cell. All of it
 * runs as that cell's owner role (a pool of at most two connections, used for nothing else; on the home cell the
 * {@code owner} datasource); the api's requests run as the cell's runtime role, which gets rows only
 * ({@link RuntimeGrants}) once a schema is migrated.
 */
@ApplicationScoped
public class TenantSchemas {

    /** Name of the datasource of the owner role (quarkus.datasource.owner.*). */
    public static final String OWNER_DATASOURCE = "owner";

    private final CellDatabases databases;
    private final Cells cells;

    TenantSchemas(CellDatabases databases, Cells cells) {
        this.databases = databases;
        this.cells = cells;
    }

    /** Creates the tenant's schema (it must not exist yet), migrates it and writes its profile row. */
    public void create(Tenant tenant) {
        CellSettings cell = cells.of(tenant);
        if (exists(cell, tenant.dbSchema)) {
            throw new IllegalStateException("Schema " + tenant.dbSchema + " already exists on " + cell + "; refusing to adopt it");
        }
        migrate(cell, tenant.dbSchema);
        try (Connection connection = databases.owner(cell).getConnection();
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

    /** Brings the tenant's schema, on its cell, to the latest tenant migration; returns how many migrations ran. */
    public int migrate(Tenant tenant) {
        return migrate(cells.of(tenant), tenant.dbSchema);
    }

    /** Brings the schema to the latest tenant migration and grants the cell's runtime role its rows; returns how many migrations ran. */
    public int migrate(CellSettings cell, String schema) {
        MigrateResult result = Flyway.configure(TenantSchemas.class.getClassLoader())
                .dataSource(databases.owner(cell))
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .resourceProvider(new TenantMigrations())
                .javaMigrationClassProvider(Collections::emptyList)
                .load()
                .migrate();
        grantRuntimeRole(cell, schema, RuntimeGrants.TENANT_HISTORY);
        return result.migrationsExecuted;
    }

    /** The runtime role's rights on the home cell's {@code schema} (the platform schema at start-up). */
    public void grantRuntimeRole(String schema, java.util.List<String> history) {
        grantRuntimeRole(cells.home(), schema, history);
    }

    /** The cell's runtime role's rights on its {@code schema}. */
    public void grantRuntimeRole(CellSettings cell, String schema, java.util.List<String> history) {
        try (Connection connection = databases.owner(cell).getConnection()) {
            new RuntimeGrants(cell.runtimeUser(), cell.ownerUser()).apply(connection, schema, history);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the runtime role its rows in schema " + schema, e);
        }
    }

    public boolean exists(Tenant tenant) {
        return exists(cells.of(tenant), tenant.dbSchema);
    }

    /** Whether the home cell has {@code schema}. */
    public boolean exists(String schema) {
        return exists(cells.home(), schema);
    }

    public boolean exists(CellSettings cell, String schema) {
        try (Connection connection = databases.owner(cell).getConnection();
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

    /** Drops the tenant's schema, on its cell, and everything in it. Returns false when there was nothing to drop. */
    public boolean drop(Tenant tenant) {
        return drop(cells.of(tenant), tenant.dbSchema);
    }

    /** Drops the schema and everything in it. Returns false when there was nothing to drop. */
    public boolean drop(CellSettings cell, String schema) {
        if (!exists(cell, schema)) {
            return false;
        }
        try (Connection connection = databases.owner(cell).getConnection(); Statement statement = connection.createStatement()) {
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
