package io.consentry.tenants.move;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.schema.RuntimeGrants;
import io.consentry.tenants.schema.TenantMigrations;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Copies one tenant schema from its cell's PostgreSQL to another cell's, as the owner role of each.
 * <p>
 * The source is <em>held</em> from {@link #hold} until {@link #dropSource()} or {@link #release()}: one REPEATABLE READ
 * transaction that locks every table of the schema in SHARE mode before it reads anything. Taking the locks waits for
 * every write already under way (a request that passed the door before the tenant was marked moving) and keeps any
 * later write out, so the copy is one consistent picture and nothing written to the source can be lost: a write still
 * waiting when the source schema is dropped fails (its client retries and meets the moving, or the moved, tenant).
 * <p>
 * The target schema is made by the same Flyway scripts up to the source's version (so its triggers, including the
 * append-only guards of the history tables, and its indexes are the code's own, not a dump's), emptied of the rows the
 * scripts seed, filled with binary COPY in an order that satisfies the foreign keys, checked table by table against
 * the source's row counts, its sequences set to the source's, and its rows granted to the target cell's runtime role
 * exactly as {@link RuntimeGrants} grants them after a migration. One target transaction: a failed copy leaves only
 * the empty, migrated schema, which {@link #dropTarget} removes.
 */
public final class SchemaCopy implements AutoCloseable {

    /** One table done: rows in the source and in the target (equal, or the copy fails). */
    public record TableCopied(String table, long rows) {
    }

    private static final String FLYWAY_HISTORY = "flyway_schema_history";

    private final CellSettings source;
    private final String schema;
    private final Connection held;
    private final List<String> order;
    private final Map<String, Long> sourceRows = new LinkedHashMap<>();

    private SchemaCopy(CellSettings source, String schema, Connection held, List<String> order) {
        this.source = source;
        this.schema = schema;
        this.held = held;
        this.order = order;
    }

    /**
     * Locks the source schema against writes (waiting at most {@code lockWait} for writes under way) and counts its
     * rows in the locked picture. The caller must end the hold with {@link #dropSource()} or {@link #release()}.
     */
    public static SchemaCopy hold(CellSettings source, String schema, Duration lockWait) throws SQLException {
        String quoted = quoted(schema);
        List<String> order;
        // Read the catalogue before the transaction: in REPEATABLE READ the first query fixes the picture, and that
        // must happen after the locks are taken.
        try (Connection catalogue = CellClients.owner(source)) {
            order = copyOrder(catalogue, schema);
        }
        Connection held = CellClients.owner(source);
        try {
            held.setAutoCommit(false);
            held.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = held.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockWait.toMillis()) + "ms'");
                for (String table : order) {
                    statement.execute("LOCK TABLE " + quoted + "." + quoted(table) + " IN SHARE MODE");
                }
            }
            SchemaCopy copy = new SchemaCopy(source, schema, held, order);
            for (String table : order) {
                copy.sourceRows.put(table, count(held, schema, table));
            }
            return copy;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(held);
            throw e;
        }
    }

    /** The tables in the order they are copied, with their row counts in the source. */
    public Map<String, Long> sourceRows() {
        return Collections.unmodifiableMap(sourceRows);
    }

    /**
     * Makes the schema on {@code target} at {@code version} and copies every row into it; calls {@code progress} after
     * each table. Fails when the schema already exists there (nothing of another's is adopted or overwritten).
     */
    public List<TableCopied> copyTo(CellSettings target, int version, Consumer<TableCopied> progress) throws SQLException {
        if (source.name().equals(target.name())) {
            throw new IllegalArgumentException("A schema cannot be copied onto its own cell");
        }
        try (Connection check = CellClients.owner(target)) {
            if (exists(check, schema)) {
                throw new IllegalStateException("Schema " + schema + " already exists on " + target + "; refusing to overwrite it");
            }
        }
        migrate(target, version);
        List<TableCopied> copied = new ArrayList<>();
        try (Connection into = CellClients.owner(target)) {
            into.setAutoCommit(false);
            try {
                emptySeededRows(into);
                PGConnection from = held.unwrap(PGConnection.class);
                PGConnection to = into.unwrap(PGConnection.class);
                for (String table : order) {
                    String name = quoted(schema) + "." + quoted(table);
                    CopyOut out = from.getCopyAPI().copyOut("COPY " + name + " TO STDOUT (FORMAT binary)");
                    CopyIn in = to.getCopyAPI().copyIn("COPY " + name + " FROM STDIN (FORMAT binary)");
                    try {
                        byte[] chunk;
                        while ((chunk = out.readFromCopy()) != null) {
                            in.writeToCopy(chunk, 0, chunk.length);
                        }
                        in.endCopy();
                    } finally {
                        if (in.isActive()) {
                            in.cancelCopy();
                        }
                        if (out.isActive()) {
                            out.cancelCopy();
                        }
                    }
                    long expected = sourceRows.get(table);
                    long actual = count(into, schema, table);
                    if (actual != expected) {
                        throw new IllegalStateException("Table " + table + " has " + actual + " rows on " + target
                                + " but " + expected + " on " + source);
                    }
                    TableCopied done = new TableCopied(table, actual);
                    copied.add(done);
                    progress.accept(done);
                }
                copySequences(into);
                into.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(into);
                throw e;
            }
        }
        try (Connection grant = CellClients.owner(target)) {
            new RuntimeGrants(target.runtimeUser(), target.ownerUser()).apply(grant, schema, RuntimeGrants.TENANT_HISTORY);
        }
        return copied;
    }

    /**
     * Drops the source schema inside the held transaction and commits: writes that waited for the locks fail instead
     * of landing in a schema nobody reads any more.
     */
    public void dropSource() throws SQLException {
        try (Statement statement = held.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '60s'");
            statement.execute("DROP SCHEMA " + quoted(schema) + " CASCADE");
            held.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(held);
            throw e;
        } finally {
            held.close();
        }
    }

    /** Ends the hold without changing the source: the tenant is served from it again. */
    public void release() {
        rollbackQuietly(held);
        try {
            held.close();
        } catch (SQLException ignored) {
            // the connection is gone, and with it the locks
        }
    }

    @Override
    public void close() {
        try {
            if (!held.isClosed()) {
                release();
            }
        } catch (SQLException ignored) {
            // nothing held any more
        }
    }

    /** Drops the schema on a cell (undoing a copy, or cleaning up a source after an earlier attempt failed). */
    public static boolean drop(CellSettings cell, String schema) throws SQLException {
        try (Connection connection = CellClients.owner(cell)) {
            if (!exists(connection, schema)) {
                return false;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + quoted(schema) + " CASCADE");
            }
            return true;
        }
    }

    public static boolean exists(CellSettings cell, String schema) throws SQLException {
        try (Connection connection = CellClients.owner(cell)) {
            return exists(connection, schema);
        }
    }

    /** Row counts of every table of the schema on a cell (for checks after a move). */
    public static Map<String, Long> rowCounts(CellSettings cell, String schema) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = CellClients.owner(cell)) {
            for (String table : copyOrder(connection, schema)) {
                counts.put(table, count(connection, schema, table));
            }
        }
        return counts;
    }

    private void migrate(CellSettings target, int version) {
        Flyway.configure(SchemaCopy.class.getClassLoader())
                .dataSource(CellClients.ownerDataSource(target))
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .target(String.valueOf(version))
                .resourceProvider(new TenantMigrations())
                .javaMigrationClassProvider(Collections::emptyList)
                .load()
                .migrate();
    }

    private void emptySeededRows(Connection into) throws SQLException {
        List<String> reverse = new ArrayList<>(order);
        Collections.reverse(reverse);
        for (String table : reverse) {
            if (count(into, schema, table) > 0) {
                try (Statement statement = into.createStatement()) {
                    statement.execute("DELETE FROM " + quoted(schema) + "." + quoted(table));
                }
            }
        }
    }

    private void copySequences(Connection into) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (PreparedStatement query = held.prepareStatement(
                "SELECT sequencename, last_value FROM pg_catalog.pg_sequences WHERE schemaname = ? AND last_value IS NOT NULL")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        for (Map.Entry<String, Long> sequence : values.entrySet()) {
            try (PreparedStatement set = into.prepareStatement("SELECT pg_catalog.setval(?, ?, true)")) {
                set.setString(1, quoted(schema) + "." + quoted(sequence.getKey()));
                set.setLong(2, sequence.getValue());
                set.execute();
            }
        }
    }

    /** The schema's tables (Flyway's history aside: the target gets its own) with every referenced table first. */
    static List<String> copyOrder(Connection connection, String schema) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        tables.remove(FLYWAY_HISTORY);
        Map<String, Set<String>> references = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.relname, r.relname FROM pg_catalog.pg_constraint k "
                + "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND n.nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (!rows.getString(1).equals(rows.getString(2))) { // a table referring to itself is one COPY
                        references.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
                    }
                }
            }
        }
        return referencedFirst(tables, references);
    }

    static List<String> referencedFirst(Set<String> tables, Map<String, Set<String>> references) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String table : tables) {
            visit(table, tables, references, done, visiting, order, new ArrayDeque<>());
        }
        return order;
    }

    private static void visit(String table, Set<String> tables, Map<String, Set<String>> references, Set<String> done,
                              Set<String> visiting, List<String> order, Deque<String> path) {
        if (done.contains(table) || !tables.contains(table)) {
            return;
        }
        if (!visiting.add(table)) {
            throw new IllegalStateException("Foreign keys form a cycle through " + path + "; the schema cannot be copied table by table");
        }
        path.push(table);
        for (String referenced : new TreeSet<>(references.getOrDefault(table, Set.of()))) {
            visit(referenced, tables, references, done, visiting, order, path);
        }
        path.pop();
        visiting.remove(table);
        done.add(table);
        order.add(table);
    }

    private static long count(Connection connection, String schema, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quoted(schema) + "." + quoted(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; closing it ends the transaction
        }
    }

    /** Schema and table names come from validated slugs and the catalogue; quoting is a second line of defence. */
    static String quoted(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain schema or table name: " + name);
        }
        return '"' + name + '"';
    }
}
