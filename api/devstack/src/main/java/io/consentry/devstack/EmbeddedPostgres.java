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
 * <p>Two roles, as in production: the application database {@code consentry} belongs to the owner
 * role {@code consentry}, which runs the migrations and creates tenant schemas; the api's requests
 * run as {@code consentry_api}, which may only read and write rows (the api grants it exactly that
 * after each migration). Neither is a superuser. Passwords are generated on first start and kept in
 * the secrets file. Note that zonky initialises the cluster with {@code trust} authentication on the
 * loopback interface: the passwords matter when the platform is pointed at a real server, not here;
 * the privileges do.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String APP_DATABASE = "consentry";
    public static final String APP_USER = "consentry";
    /** The api's runtime role: rows only, no DDL, no history rewrites. */
    public static final String API_USER = "consentry_api";
    private static final String SUPERUSER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;
    private final int port;
    private final String password;
    private final String apiPassword;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir, int port,
                             String password, String apiPassword) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
        this.apiPassword = apiPassword;
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
            PostgresBinaries binaries = PostgresBinaries.load();
            Path workingDir = binaries.prepare(binariesCache());
            stopLeftoverServer(binaries.binDir(workingDir), dataDir, logFile);
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
            String apiPassword = secrets.getOrCreate("postgres.consentry_api.password", 24);
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, dataDir, boundPort, password, apiPassword);
            postgres.ensureDatabase(APP_DATABASE, APP_USER, password);
            postgres.ensureRuntimeRole(APP_DATABASE, API_USER, apiPassword);
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

    /**
     * The api's runtime role: may connect, nothing more until the owner grants it rows in each schema. Idempotent.
     * NOINHERIT and no membership in the owner role: it must never act as the owner.
     */
    public void ensureRuntimeRole(String database, String role, String rolePassword) {
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            String verb = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
            statement.execute(verb + " ROLE " + quoteIdentifier(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                    + "NOREPLICATION NOBYPASSRLS PASSWORD " + quoteLiteral(rolePassword));
            statement.execute("GRANT CONNECT ON DATABASE " + quoteIdentifier(database) + " TO " + quoteIdentifier(role));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role " + role + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(APP_DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LocalPorts.LOOPBACK + ":" + port + "/" + database;
    }

    /** The owner role (migrations, tenant schemas). */
    public String username() {
        return APP_USER;
    }

    public String password() {
        return password;
    }

    /** The api's runtime role (requests). */
    public String apiUsername() {
        return API_USER;
    }

    public String apiPassword() {
        return apiPassword;
    }

    public int port() {
        return port;
    }

    /** A superuser connection, for tests and administration. */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /**
     * The postmaster process. pg_ctl daemonises it, so it is not a descendant of this JVM: callers
     * that check for leftovers must look it up here (before stopping).
     */
    public Optional<ProcessHandle> serverProcess() {
        try {
            return postmasterOf(dataDir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = serverProcess();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
        // pg_ctl returns once postmaster.pid is gone, a moment before the process itself has exited.
        postmaster.ifPresent(process -> {
            try {
                process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                ProcessTree.stop(process, Duration.ofSeconds(5));
            }
        });
    }

    /**
     * A postmaster left running by a run that was killed (kill -9, closed terminal) still owns the
     * data directory and would make this start fail; it can only be ours, so stop it the way
     * PostgreSQL likes (pg_ctl fast shutdown), or by force if that does not work.
     */
    private static void stopLeftoverServer(Path binDir, Path dataDir, Path logFile) throws IOException {
        Optional<ProcessHandle> leftover = postmasterOf(dataDir);
        if (leftover.isEmpty()) {
            return;
        }
        System.err.println("Stopping a PostgreSQL left running on " + dataDir + " (pid " + leftover.get().pid() + ")");
        try {
            Process pgCtl = new ProcessBuilder(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                    "stop", "-m", "fast", "-w", "-t", "30")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            pgCtl.waitFor(40, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leftover.get().isAlive()) {
            ProcessTree.stop(leftover.get(), Duration.ofSeconds(10));
        }
    }

    private static Optional<ProcessHandle> postmasterOf(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return (lines.isEmpty() ? Optional.<Long>empty() : parsePid(lines.get(0)))
                .flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
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
