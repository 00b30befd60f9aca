package io.consentry.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL 17 (zonky binaries) on 127.0.0.1 with its data in a directory of our choosing:
 * a second start on the same directory keeps all data.
 *
 * <p>The application database {@code consentry} belongs to the role {@code consentry}, whose
 * password is generated on first start and kept in the secrets file. Note that zonky initialises
 * the cluster with {@code trust} authentication on the loopback interface: the password matters
 * when the platform is pointed at a real server, not here.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String APP_DATABASE = "consentry";
    public static final String APP_USER = "consentry";
    private static final String SUPERUSER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final int port;
    private final String password;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /**
     * @param port     fixed port, or 0 for a free one
     * @param dataDir  the cluster's data directory (created on first start)
     * @param secrets  where the application role's password is kept
     * @param logFile  PostgreSQL's own output
     */
    public static EmbeddedPostgres start(int port, Path dataDir, GeneratedSecrets secrets, Path logFile) {
        int boundPort = LocalPorts.claim(port, "PostgreSQL", "--pg-port (or 0 for any free port)");
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            stopLeftoverServer(dataDir);
            PostgresBinaries binaries = PostgresBinaries.load();
            Path workingDir = binaries.prepare(binariesCache());
            File log = logFile.toFile();
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(boundPort)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workingDir.toFile())
                    .setPgBinaryResolver(binaries)
                    .setServerConfig("listen_addresses", LocalPorts.LOOPBACK)
                    // The Unix socket is not needed (JDBC uses TCP) and would collide in a shared /tmp.
                    .setServerConfig("unix_socket_directories", "''")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .start();
            String password = secrets.getOrCreate("postgres.consentry.password", 24);
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, boundPort, password);
            postgres.ensureDatabase(APP_DATABASE, APP_USER, password);
            return postgres;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + boundPort
                    + " with data in " + dataDir + ": " + e.getMessage() + "\n" + LogTail.of(logFile, 30), e);
        }
    }

    /** Creates the role and database if missing (idempotent, so safe on every start). */
    public void ensureDatabase(String database, String owner, String ownerPassword) {
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", owner)) {
                statement.execute("CREATE ROLE " + quoteIdentifier(owner) + " LOGIN PASSWORD " + quoteLiteral(ownerPassword));
            } else {
                statement.execute("ALTER ROLE " + quoteIdentifier(owner) + " LOGIN PASSWORD " + quoteLiteral(ownerPassword));
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + quoteIdentifier(database) + " OWNER " + quoteIdentifier(owner));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(APP_DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LocalPorts.LOOPBACK + ":" + port + "/" + database;
    }

    public String username() {
        return APP_USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A superuser connection, for tests and administration. */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * A postmaster left running by a run that was killed (kill -9, power loss of the terminal)
     * still owns the data directory; stop it, since it can only be ours.
     */
    private static void stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> leftover = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        leftover.filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(p -> {
                    System.err.println("Stopping a PostgreSQL left running on " + dataDir + " (pid " + p.pid() + ")");
                    ProcessTree.stop(p, Duration.ofSeconds(10));
                });
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path binariesCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "consentry-embedded-pg");
    }

    private static boolean exists(Connection connection, String query, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
