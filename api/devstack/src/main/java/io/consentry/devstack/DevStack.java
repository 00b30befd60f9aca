package io.consentry.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * PostgreSQL, S3, Keycloak and a mail server (SMTP, IMAP and a web mailbox), all real, all on 127.0.0.1, with their
 * state under one directory (mail is kept in memory). Keycloak (the slow one) starts in parallel with the others.
 *
 * <p>State directory layout: {@code postgres/} (cluster), {@code s3/} (buckets), {@code keycloak/}
 * (distribution + its H2 data), {@code logs/}, {@code secrets.properties} (generated passwords and
 * keys), {@code master-keyset.json} (written by the api on its first start).
 */
public final class DevStack implements AutoCloseable {

    /** How and where to run the stack. Ports are fixed numbers, or 0 for free ones. */
    public record Options(Path stateDir, boolean persistent, int postgresPort, int s3Port, int keycloakPort,
                          int keycloakManagementPort, int smtpPort, int imapPort, int mailboxPort, Consumer<String> progress) {

        public static final int DEFAULT_POSTGRES_PORT = 15432;
        public static final int DEFAULT_S3_PORT = 8190;
        public static final int DEFAULT_KEYCLOAK_PORT = 8180;
        public static final int DEFAULT_KEYCLOAK_MANAGEMENT_PORT = 8181;
        public static final int DEFAULT_SMTP_PORT = 8025;
        public static final int DEFAULT_IMAP_PORT = 8143;
        public static final int DEFAULT_MAILBOX_PORT = 8026;

        public Options {
            Objects.requireNonNull(stateDir, "stateDir");
            progress = progress == null ? line -> { } : progress;
        }

        /**
         * Kept state under {@code stateDir}, default ports. Keycloak's port must stay the same from run
         * to run: it is part of every token issuer and of what the tenant registry records.
         */
        public static Options persistent(Path stateDir) {
            return new Options(stateDir, true, DEFAULT_POSTGRES_PORT, DEFAULT_S3_PORT, DEFAULT_KEYCLOAK_PORT,
                    DEFAULT_KEYCLOAK_MANAGEMENT_PORT, DEFAULT_SMTP_PORT, DEFAULT_IMAP_PORT, DEFAULT_MAILBOX_PORT, null);
        }

        /** A fresh temporary state directory, free ports; everything is deleted on close. */
        public static Options ephemeral() {
            try {
                return new Options(Files.createTempDirectory("consentry-devstack-"), false, 0, 0, 0, 0, 0, 0, 0, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Options withPorts(int postgres, int s3, int keycloak, int keycloakManagement) {
            return new Options(stateDir, persistent, postgres, s3, keycloak, keycloakManagement, smtpPort, imapPort, mailboxPort,
                    progress);
        }

        public Options withMailPorts(int smtp, int imap, int mailbox) {
            return new Options(stateDir, persistent, postgresPort, s3Port, keycloakPort, keycloakManagementPort, smtp, imap, mailbox,
                    progress);
        }

        public Options withProgress(Consumer<String> listener) {
            return new Options(stateDir, persistent, postgresPort, s3Port, keycloakPort, keycloakManagementPort, smtpPort, imapPort,
                    mailboxPort, listener);
        }
    }

    private final Options options;
    // Set one by one while starting, so that close() - also from the shutdown hook, e.g. Ctrl-C
    // during start-up - stops exactly what has been started so far.
    private volatile EmbeddedPostgres postgres;
    private volatile S3Server s3;
    private volatile int s3Port;
    private volatile int postgresPort;
    private volatile int keycloakPort;
    private volatile int keycloakManagementPort;
    private volatile KeycloakServer keycloak;
    private volatile MailServer mail;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "consentry-devstack-shutdown");

    private DevStack(Options options) {
        this.options = options;
    }

    public static DevStack start(Options options) {
        DevStack stack = new DevStack(options);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startServers();
            return stack;
        } catch (RuntimeException e) {
            stack.close(); // do not leave the servers that did start behind
            throw e;
        }
    }

    private void startServers() {
        Path state = options.stateDir().toAbsolutePath();
        createDirectories(state);
        GeneratedSecrets secrets = new GeneratedSecrets(state.resolve("secrets.properties"));
        Path logs = state.resolve("logs");
        Consumer<String> progress = options.progress();

        // Keycloak is by far the slowest: start it first, in the background.
        CompletableFuture<Void> keycloakReady = CompletableFuture.runAsync(() -> timed(progress, "Keycloak", () -> {
            keycloak = KeycloakServer.launch(options.keycloakPort(), options.keycloakManagementPort(),
                    state.resolve("keycloak"), secrets, logs.resolve("keycloak.log"));
            if (closed.get()) { // the stack was closed while we were launching: close() may have missed us
                keycloak.close();
                throw new IllegalStateException("dev stack closed during start-up");
            }
            keycloak.awaitReady();
            ensureApiServiceAccount(keycloak, secrets);
            return keycloak;
        }));
        timed(progress, "PostgreSQL", () -> postgres = EmbeddedPostgres.start(options.postgresPort(),
                state.resolve("postgres"), secrets, logs.resolve("postgres.log")));
        timed(progress, "S3 server", () -> s3 = S3Server.start(options.s3Port(), state.resolve("s3"), secrets));
        s3Port = s3.port();
        postgresPort = postgres.port();
        timed(progress, "Mail server", () -> mail = MailServer.start(options.smtpPort(), options.imapPort(), options.mailboxPort()));
        try {
            keycloakReady.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        keycloakPort = keycloak.httpPort();
        keycloakManagementPort = keycloak.managementPort();
    }

    /**
     * The api's own Keycloak account (create-realm, then the realms it creates), set up with the bootstrap admin,
     * which the api never gets.
     */
    private static void ensureApiServiceAccount(KeycloakServer keycloak, GeneratedSecrets secrets) {
        KeycloakAdminClient admin = new KeycloakAdminClient(keycloak.url(), keycloak.adminUsername(), keycloak.adminPassword());
        new ApiServiceAccount(keycloak.url(), admin).ensure(apiClientSecret(secrets));
    }

    private static String apiClientSecret(GeneratedSecrets secrets) {
        return secrets.getOrCreate("keycloak.api-client.secret", 40);
    }

    /** The api's configuration for this stack, keyed by the names in {@link ApiConfigKeys}. */
    public Map<String, String> apiConfig() {
        Path state = options.stateDir().toAbsolutePath();
        GeneratedSecrets secrets = new GeneratedSecrets(state.resolve("secrets.properties"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put(ApiConfigKeys.DATASOURCE_JDBC_URL, postgres.jdbcUrl());
        config.put(ApiConfigKeys.DATASOURCE_USERNAME, postgres.apiUsername());
        config.put(ApiConfigKeys.DATASOURCE_PASSWORD, postgres.apiPassword());
        config.put(ApiConfigKeys.OWNER_DATASOURCE_USERNAME, postgres.username());
        config.put(ApiConfigKeys.OWNER_DATASOURCE_PASSWORD, postgres.password());
        config.put(ApiConfigKeys.S3_ENDPOINT, s3.endpoint());
        config.put(ApiConfigKeys.S3_ACCESS_KEY, s3.accessKey());
        config.put(ApiConfigKeys.S3_SECRET_KEY, s3.secretKey());
        config.put(ApiConfigKeys.KEYCLOAK_URL, keycloak.url());
        config.put(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_ID, ApiServiceAccount.CLIENT_ID);
        config.put(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_SECRET, apiClientSecret(secrets));
        config.put(ApiConfigKeys.MASTER_KEY_KEYSET_FILE, state.resolve("master-keyset.json").toString());
        config.put(ApiConfigKeys.MASTER_KEY_GENERATE_IF_MISSING, "true");
        config.put(ApiConfigKeys.STATE_DIR, state.toString());
        config.put(ApiConfigKeys.MAILER_HOST, mail.smtpHost());
        config.put(ApiConfigKeys.MAILER_PORT, Integer.toString(mail.smtpPort()));
        config.put(ApiConfigKeys.MAILBOX_URL, mail.mailboxUrl());
        return Map.copyOf(config);
    }

    /** Settings tests need besides the api's: the bootstrap admin of Keycloak's master realm (tests create users with it). */
    public static final String TEST_KEYCLOAK_ADMIN_USERNAME = "consentry.devstack.keycloak-admin-username";
    public static final String TEST_KEYCLOAK_ADMIN_PASSWORD = "consentry.devstack.keycloak-admin-password";

    /** {@link #apiConfig()} plus what tests of the platform need and the api never gets (see the TEST_ keys). */
    public Map<String, String> testConfig() {
        Map<String, String> config = new LinkedHashMap<>(apiConfig());
        config.put(TEST_KEYCLOAK_ADMIN_USERNAME, keycloak.adminUsername());
        config.put(TEST_KEYCLOAK_ADMIN_PASSWORD, keycloak.adminPassword());
        return Map.copyOf(config);
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public S3Server s3() {
        return s3;
    }

    /** Stops the S3 server only (tests of S3 outages); {@link #restartS3()} brings it back on the same port and data. */
    public synchronized void stopS3() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    public synchronized void restartS3() {
        if (s3 == null) {
            Path state = options.stateDir().toAbsolutePath();
            s3 = S3Server.start(s3Port, state.resolve("s3"), new GeneratedSecrets(state.resolve("secrets.properties")));
        }
    }

    /** Stops PostgreSQL only (fault tests); {@link #restartPostgres()} brings it back on the same port and data. */
    public synchronized void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public synchronized void restartPostgres() {
        if (postgres == null) {
            Path state = options.stateDir().toAbsolutePath();
            postgres = EmbeddedPostgres.start(postgresPort, state.resolve("postgres"),
                    new GeneratedSecrets(state.resolve("secrets.properties")), state.resolve("logs/postgres.log"));
        }
    }

    /** Stops Keycloak only (fault tests); {@link #restartKeycloak()} starts it again on the same ports and data. */
    public synchronized void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
    }

    public synchronized void restartKeycloak() {
        if (keycloak == null) {
            Path state = options.stateDir().toAbsolutePath();
            keycloak = KeycloakServer.start(keycloakPort, keycloakManagementPort, state.resolve("keycloak"),
                    new GeneratedSecrets(state.resolve("secrets.properties")), state.resolve("logs/keycloak.log"));
        }
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public MailServer mail() {
        return mail;
    }

    public Path stateDir() {
        return options.stateDir().toAbsolutePath();
    }

    /**
     * For callers that stop the stack themselves in their own shutdown hook, in an order that matters
     * to them (the run launcher stops the api first): JVM shutdown hooks run concurrently.
     */
    public DevStack withoutShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing to remove any more
        }
        return this;
    }

    /** Stops Keycloak, S3 and PostgreSQL; deletes the state of an ephemeral stack. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are the hook, or the JVM is exiting anyway
        }
        closeQuietly(keycloak);
        closeQuietly(mail);
        closeQuietly(s3);
        closeQuietly(postgres);
        if (!options.persistent()) {
            deleteRecursively(options.stateDir());
        }
    }

    private static <T> T timed(Consumer<String> progress, String what, java.util.function.Supplier<T> start) {
        long begin = System.nanoTime();
        progress.accept("Starting " + what + " ...");
        T result = start.get();
        progress.accept(String.format("%s ready in %.1f s", what, (System.nanoTime() - begin) / 1e9));
        return result;
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("warning: " + e.getMessage());
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + dir, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
