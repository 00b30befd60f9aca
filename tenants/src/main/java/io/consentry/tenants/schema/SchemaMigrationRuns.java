package io.consentry.tenants.schema;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The runs of the migration job in {@code platform.schema_migration_run}. A partial unique index allows one RUNNING
 * row, so claiming a run is a plain insert that fails when another replica holds one; a run whose lease ran out (its
 * replica died) is marked ABANDONED before a new one is claimed.
 */
@ApplicationScoped
public class SchemaMigrationRuns {

    private static final String COLUMNS = "id, requested_by, target_version, status, total, migrated, failed, current_tenant, started_at, finished_at";

    private final AgroalDataSource dataSource;

    SchemaMigrationRuns(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims a new run, or returns empty when a live one is running (on this replica or another). */
    Optional<SchemaMigrationRun> claim(String requestedBy, int targetVersion, Duration lease) {
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement abandon = c.prepareStatement("UPDATE platform.schema_migration_run SET status = 'ABANDONED', "
                    + "finished_at = ? WHERE status = 'RUNNING' AND lease_until < ?")) {
                abandon.setTimestamp(1, Timestamp.from(now));
                abandon.setTimestamp(2, Timestamp.from(now));
                abandon.executeUpdate();
            }
            UUID id = UUID.randomUUID();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO platform.schema_migration_run (id, requested_by, "
                    + "target_version, status, started_at, lease_until) VALUES (?, ?, ?, 'RUNNING', ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, id);
                insert.setString(2, requestedBy);
                insert.setInt(3, targetVersion);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(now.plus(lease)));
                if (insert.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(id);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim a schema migration run", e);
        }
    }

    /** Records progress and extends the lease: the run is alive as long as it keeps reporting. */
    void progress(UUID id, int total, int migrated, int failed, String currentTenant, Duration lease) {
        update("UPDATE platform.schema_migration_run SET total = ?, migrated = ?, failed = ?, current_tenant = ?, lease_until = ? "
                + "WHERE id = ?", statement -> {
            statement.setInt(1, total);
            statement.setInt(2, migrated);
            statement.setInt(3, failed);
            statement.setString(4, currentTenant);
            statement.setTimestamp(5, Timestamp.from(Instant.now().plus(lease)));
            statement.setObject(6, id);
        });
    }

    void finish(UUID id, SchemaMigrationRun.Status status) {
        update("UPDATE platform.schema_migration_run SET status = ?, current_tenant = NULL, finished_at = ? WHERE id = ?", statement -> {
            statement.setString(1, status.name());
            statement.setTimestamp(2, Timestamp.from(Instant.now()));
            statement.setObject(3, id);
        });
    }

    public Optional<SchemaMigrationRun> find(UUID id) {
        return queryOne("SELECT " + COLUMNS + " FROM platform.schema_migration_run WHERE id = ?", statement -> statement.setObject(1, id));
    }

    /** The running run if there is one, else the latest. */
    public Optional<SchemaMigrationRun> current() {
        return queryOne("SELECT " + COLUMNS + " FROM platform.schema_migration_run ORDER BY (status = 'RUNNING') DESC, started_at DESC LIMIT 1",
                statement -> { });
    }

    private Optional<SchemaMigrationRun> queryOne(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the schema migration runs", e);
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the schema migration run", e);
        }
    }

    private static SchemaMigrationRun read(ResultSet rows) throws SQLException {
        Timestamp finished = rows.getTimestamp("finished_at");
        return new SchemaMigrationRun(rows.getObject("id", UUID.class), rows.getString("requested_by"), rows.getInt("target_version"),
                SchemaMigrationRun.Status.valueOf(rows.getString("status")), rows.getInt("total"), rows.getInt("migrated"),
                rows.getInt("failed"), rows.getString("current_tenant"), rows.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
