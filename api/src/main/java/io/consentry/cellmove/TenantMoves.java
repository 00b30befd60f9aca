package io.consentry.cellmove;

import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The moves in {@code platform.tenant_move}. A partial unique index allows one RUNNING move per tenant, so claiming a
 * move is a plain insert that does nothing when another replica runs one; the running replica renews its lease with
 * every progress report, so a move whose replica died is recognised by its lapsed lease.
 */
@ApplicationScoped
public class TenantMoves {

    private static final String COLUMNS = "id, tenant_id, tenant_slug, from_cell, to_cell, previous_status, state, step, "
            + "tables_total, tables_copied, rows_copied, objects_copied, bytes_copied, realm_users, realm_clients, realm_roles, "
            + "setup_links, error, leftovers, requested_by, started_at, switched_at, finished_at, lease_until";

    private final AgroalDataSource dataSource;

    TenantMoves(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a new running move, or returns empty when one runs for the tenant already. Joins the caller's transaction. */
    Optional<TenantMove> claim(UUID tenantId, String slug, String from, String to, TenantStatus previous, String requestedBy,
                               Duration lease) {
        Instant now = Instant.now();
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO platform.tenant_move (id, tenant_id, tenant_slug, "
                     + "from_cell, to_cell, previous_status, state, step, requested_by, started_at, lease_until) "
                     + "VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', 'STARTING', ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, id);
            insert.setObject(2, tenantId);
            insert.setString(3, slug);
            insert.setString(4, from);
            insert.setString(5, to);
            insert.setString(6, previous.name());
            insert.setString(7, requestedBy);
            insert.setTimestamp(8, Timestamp.from(now));
            insert.setTimestamp(9, Timestamp.from(now.plus(lease)));
            if (insert.executeUpdate() == 0) {
                return Optional.empty();
            }
            return queryOne(c, "SELECT " + COLUMNS + " FROM platform.tenant_move WHERE id = ?", s -> s.setObject(1, id));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the move of tenant " + slug, e);
        }
    }

    void step(UUID id, MoveStep step, Duration lease) {
        update("UPDATE platform.tenant_move SET step = ?, lease_until = ? WHERE id = ?", s -> {
            s.setString(1, step.name());
            s.setTimestamp(2, Timestamp.from(Instant.now().plus(lease)));
            s.setObject(3, id);
        });
    }

    void tables(UUID id, int total, int copied, long rows, Duration lease) {
        update("UPDATE platform.tenant_move SET tables_total = ?, tables_copied = ?, rows_copied = ?, lease_until = ? WHERE id = ?", s -> {
            s.setInt(1, total);
            s.setInt(2, copied);
            s.setLong(3, rows);
            s.setTimestamp(4, Timestamp.from(Instant.now().plus(lease)));
            s.setObject(5, id);
        });
    }

    void objects(UUID id, long objects, long bytes, Duration lease) {
        update("UPDATE platform.tenant_move SET objects_copied = ?, bytes_copied = ?, lease_until = ? WHERE id = ?", s -> {
            s.setLong(1, objects);
            s.setLong(2, bytes);
            s.setTimestamp(3, Timestamp.from(Instant.now().plus(lease)));
            s.setObject(4, id);
        });
    }

    void realm(UUID id, int users, int clients, int roles, Duration lease) {
        update("UPDATE platform.tenant_move SET realm_users = ?, realm_clients = ?, realm_roles = ?, lease_until = ? WHERE id = ?", s -> {
            s.setInt(1, users);
            s.setInt(2, clients);
            s.setInt(3, roles);
            s.setTimestamp(4, Timestamp.from(Instant.now().plus(lease)));
            s.setObject(5, id);
        });
    }

    /** The switch: recorded in the caller's transaction, together with the registry row. */
    void switched(UUID id) {
        update("UPDATE platform.tenant_move SET step = 'CLEANUP', switched_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setObject(2, id);
        });
    }

    void setupLinks(UUID id, int sent) {
        update("UPDATE platform.tenant_move SET setup_links = ? WHERE id = ?", s -> {
            s.setInt(1, sent);
            s.setObject(2, id);
        });
    }

    /** The move ends: DONE (no leftovers), DONE_WITH_LEFTOVERS or FAILED, with why and what remains. */
    void finish(UUID id, MoveState state, String error, String leftovers) {
        update("UPDATE platform.tenant_move SET state = ?, step = 'FINISHED', error = ?, leftovers = ?, finished_at = ? WHERE id = ?", s -> {
            s.setString(1, state.name());
            s.setString(2, truncate(error, 2000));
            s.setString(3, truncate(leftovers, 500));
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.setObject(5, id);
        });
    }

    /** Claims a finished move with leftovers for another clean-up; false when it is not in that state (or taken). */
    boolean reopenForCleanup(UUID id, Duration lease) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE platform.tenant_move SET state = 'RUNNING', step = 'CLEANUP', "
                     + "finished_at = NULL, lease_until = ? WHERE id = ? AND state = 'DONE_WITH_LEFTOVERS' "
                     + "AND NOT EXISTS (SELECT 1 FROM platform.tenant_move r WHERE r.tenant_id = tenant_move.tenant_id AND r.state = 'RUNNING')")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().plus(lease)));
            update.setObject(2, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            return false; // another replica reopened it a moment earlier (the unique index of running moves)
        }
    }

    public Optional<TenantMove> find(UUID tenantId, UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return queryOne(c, "SELECT " + COLUMNS + " FROM platform.tenant_move WHERE id = ? AND tenant_id = ?", s -> {
                s.setObject(1, id);
                s.setObject(2, tenantId);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the moves", e);
        }
    }

    /** The tenant's moves, newest first. */
    public List<TenantMove> history(UUID tenantId) {
        return list("SELECT " + COLUMNS + " FROM platform.tenant_move WHERE tenant_id = ? ORDER BY started_at DESC", s -> s.setObject(1, tenantId));
    }

    /** Running moves whose replica stopped reporting: their lease lapsed. */
    List<TenantMove> abandoned(UUID tenantId) {
        return list("SELECT " + COLUMNS + " FROM platform.tenant_move WHERE tenant_id = ? AND state = 'RUNNING' AND lease_until < ?", s -> {
            s.setObject(1, tenantId);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
        });
    }

    private List<TenantMove> list(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            binder.bind(query);
            List<TenantMove> moves = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    moves.add(read(rows));
                }
            }
            return moves;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the moves", e);
        }
    }

    private static Optional<TenantMove> queryOne(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the move", e);
        }
    }

    private static TenantMove read(ResultSet rows) throws SQLException {
        return new TenantMove(rows.getObject("id", UUID.class), rows.getObject("tenant_id", UUID.class), rows.getString("tenant_slug"),
                rows.getString("from_cell"), rows.getString("to_cell"), TenantStatus.valueOf(rows.getString("previous_status")),
                MoveState.valueOf(rows.getString("state")), MoveStep.valueOf(rows.getString("step")), rows.getInt("tables_total"),
                rows.getInt("tables_copied"), rows.getLong("rows_copied"), rows.getLong("objects_copied"), rows.getLong("bytes_copied"),
                rows.getInt("realm_users"), rows.getInt("realm_clients"), rows.getInt("realm_roles"), rows.getInt("setup_links"),
                rows.getString("error"), rows.getString("leftovers"), rows.getString("requested_by"), instant(rows, "started_at"),
                instant(rows, "switched_at"), instant(rows, "finished_at"), instant(rows, "lease_until"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
