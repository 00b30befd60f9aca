package io.consentry.devstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One ephemeral dev stack per test JVM: started on the first {@link #config()} call (temporary
 * state, free ports), stopped and deleted when the test JVM exits. Meant for the api's Quarkus test
 * resource, which passes the map on as configuration.
 *
 * <p>Tests of several cells ask for further, independent stacks by name ({@link #cell(String)}): each has its own
 * PostgreSQL, Keycloak (with the api's service account) and S3 server, started on first request only - most tests
 * never pay for one - and stopped with the JVM like the first.
 *
 * <p>The stack runs in a child JVM ({@link StackServer}) on this module's own class path, recorded
 * at build time. That keeps S3Proxy's dependencies (jclouds with Guice 7, Jetty, Azure SDK...) off
 * the api's test class path, where they would clash with Quarkus' (e.g. Guice 5 from the Maven
 * resolver). The child watches its standard input, so it stops even if the test JVM is killed.
 */
public final class TestStack {

    private static final String CLASSPATH_RESOURCE = "runtime-classpath.txt";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** The api's own stack (its configuration is the api's); further cells are named by the tests. */
    private static final String HOME = "";
    /** Test-only keys of a further cell: its Keycloak's bootstrap admin (tests may use it to look). */
    public static final String CELL_TEST_PREFIX = "consentry.devstack.cells.";

    private static final Map<String, Stack> STACKS = new HashMap<>();

    private TestStack() {
    }

    /**
     * The api configuration of the shared stack (keys as in {@link ApiConfigKeys}) plus the test-only keys of
     * {@link DevStack#testConfig()}, starting it on first call.
     */
    public static synchronized Map<String, String> config() {
        return stack(HOME).config();
    }

    /**
     * A further cell for the api, on a stack of its own (started on the first call for this name): the api's
     * configuration of that cell under the cells keys ({@code consentry.cells.names=<name>},
     * {@code consentry.cells.<name>.*}), plus {@code consentry.devstack.cells.<name>.keycloak-admin-username/password}
     * (the bootstrap admin of its Keycloak, which the api never gets).
     */
    public static synchronized Map<String, String> cell(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("not a cell name: " + name);
        }
        Map<String, String> stack = stack(name).config();
        String prefix = "consentry.cells." + name + ".";
        Map<String, String> cell = new HashMap<>();
        cell.put("consentry.cells.names", name);
        cell.put(prefix + "keycloak-url", stack.get(ApiConfigKeys.KEYCLOAK_URL));
        cell.put(prefix + "admin-client-id", stack.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_ID));
        cell.put(prefix + "admin-client-secret", stack.get(ApiConfigKeys.KEYCLOAK_ADMIN_CLIENT_SECRET));
        cell.put(prefix + "jdbc-url", stack.get(ApiConfigKeys.DATASOURCE_JDBC_URL));
        cell.put(prefix + "db-username", stack.get(ApiConfigKeys.DATASOURCE_USERNAME));
        cell.put(prefix + "db-password", stack.get(ApiConfigKeys.DATASOURCE_PASSWORD));
        cell.put(prefix + "db-owner-username", stack.get(ApiConfigKeys.OWNER_DATASOURCE_USERNAME));
        cell.put(prefix + "db-owner-password", stack.get(ApiConfigKeys.OWNER_DATASOURCE_PASSWORD));
        cell.put(prefix + "s3-endpoint", stack.get(ApiConfigKeys.S3_ENDPOINT));
        cell.put(prefix + "s3-access-key", stack.get(ApiConfigKeys.S3_ACCESS_KEY));
        cell.put(prefix + "s3-secret-key", stack.get(ApiConfigKeys.S3_SECRET_KEY));
        cell.put(CELL_TEST_PREFIX + name + ".keycloak-admin-username", stack.get(DevStack.TEST_KEYCLOAK_ADMIN_USERNAME));
        cell.put(CELL_TEST_PREFIX + name + ".keycloak-admin-password", stack.get(DevStack.TEST_KEYCLOAK_ADMIN_PASSWORD));
        return Map.copyOf(cell);
    }

    private static Stack stack(String name) {
        return STACKS.computeIfAbsent(name, Stack::new);
    }

    /** Stops the stack now (normally left to JVM exit). A later {@link #config()} starts a new one. */
    static synchronized void stop() {
        stack(HOME).stop();
    }

    /** Stops the stack's S3 server (PostgreSQL and Keycloak keep running): for tests of S3 outages. */
    public static void stopS3() {
        home().command(StackServer.S3_STOP);
    }

    /** Starts the S3 server again on the same port with the same data and credentials. */
    public static void startS3() {
        home().command(StackServer.S3_START);
    }

    /** Stops the S3 server of a further cell started by {@link #cell(String)}: for tests of that cell's S3 outage. */
    public static synchronized void stopS3(String cell) {
        existingCell(cell).command(StackServer.S3_STOP);
    }

    /** Starts that cell's S3 server again on the same port with the same data and credentials. */
    public static synchronized void startS3(String cell) {
        existingCell(cell).command(StackServer.S3_START);
    }

    private static Stack existingCell(String cell) {
        Stack stack = STACKS.get(cell);
        if (stack == null || HOME.equals(cell)) {
            throw new IllegalArgumentException("no further cell named " + cell + " was started");
        }
        return stack;
    }

    /** Stops the stack's PostgreSQL (S3 and Keycloak keep running): for fault tests. */
    public static void stopPostgres() {
        home().command(StackServer.POSTGRES_STOP);
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    public static void startPostgres() {
        home().command(StackServer.POSTGRES_START);
    }

    /** Stops the stack's Keycloak (PostgreSQL and S3 keep running): for fault tests. */
    public static void stopKeycloak() {
        home().command(StackServer.KEYCLOAK_STOP);
    }

    /** Starts Keycloak again on the same ports with the same realms (takes 10-30 s). */
    public static void startKeycloak() {
        home().command(StackServer.KEYCLOAK_START);
    }

    /** The child JVM, for tests that check nothing outlives a stop. */
    static synchronized ProcessHandle processHandle() {
        Process child = home().child;
        return child == null ? null : child.toHandle();
    }

    private static synchronized Stack home() {
        return stack(HOME);
    }

    /** One stack in its child JVM. */
    private static final class Stack {

        private final String name;
        private final java.util.concurrent.BlockingQueue<String> acks = new java.util.concurrent.LinkedBlockingQueue<>();
        private Process child;
        private Map<String, String> config;

        Stack(String name) {
            this.name = name;
        }

        private boolean home() {
            return name.equals(HOME);
        }

        synchronized Map<String, String> config() {
            if (config == null) {
                config = start();
            }
            return config;
        }

        synchronized void stop() {
            if (child == null) {
                return;
            }
            Process running = child;
            child = null;
            config = null;
            try {
                running.getOutputStream().close(); // the child's signal to stop everything and clean up
                if (!running.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    ProcessTree.stop(running.toHandle(), Duration.ofSeconds(10));
                }
            } catch (IOException e) {
                ProcessTree.stop(running.toHandle(), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ProcessTree.stop(running.toHandle(), Duration.ofSeconds(10));
            }
        }

        synchronized void command(String command) {
            if (child == null) {
                throw new IllegalStateException("The test stack is not running");
            }
            try {
                acks.clear();
                child.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
                child.getOutputStream().flush();
                String ack = acks.poll(300, TimeUnit.SECONDS);
                if (ack == null || !ack.equals(command)) {
                    throw new IllegalStateException("The test stack did not do " + command + ": " + ack);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private Map<String, String> start() {
            try {
                Path configFile = Files.createTempFile("consentry-test-stack-", ".properties");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // A further cell's stack runs beside the home one: smaller heaps (S3 server here, Keycloak's own).
                        home() ? "-Xmx512m" : "-Xmx256m", "-XX:TieredStopAtLevel=1",
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
                if (!home()) {
                    command.add("-D" + KeycloakServer.HEAP_PROPERTY + "=512m");
                }
                String localRepository = System.getProperty("maven.repo.local");
                if (localRepository != null) {
                    command.add("-Dmaven.repo.local=" + localRepository);
                }
                command.addAll(List.of("-cp", childClasspath(), StackServer.class.getName(), configFile.toString()));
                child = new ProcessBuilder(command).redirectErrorStream(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "consentry-test-stack-stop" + (home() ? "" : "-" + name)));

                String failure = awaitReady(child.getInputStream(), home() ? "[test-stack] " : "[test-stack " + name + "] ", acks);
                if (failure != null) {
                    stop();
                    throw new IllegalStateException("The test dev stack" + (home() ? "" : " of cell " + name)
                            + " did not start: " + failure);
                }
                return Map.copyOf(readConfig(configFile));
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException("cannot start the test dev stack", e);
            }
        }
    }

    /** Echoes the child's progress until it is ready; returns null on success, else why it failed. */
    private static String awaitReady(InputStream output, String label,
                                     java.util.concurrent.BlockingQueue<String> acks) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        String line;
        String failure = "the stack process exited before it was ready";
        while ((line = lines.readLine()) != null) {
            if (line.equals(StackServer.READY)) {
                failure = null;
                break;
            }
            if (line.startsWith(StackServer.FAILED)) {
                failure = line.substring(StackServer.FAILED.length());
            }
            System.out.println(label + line);
        }
        // Keep draining, so that the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                String next;
                while ((next = lines.readLine()) != null) {
                    // the servers log to files in the stack's state directory; only command acknowledgements matter
                    if (next.startsWith(StackServer.ACK)) {
                        acks.add(next.substring(StackServer.ACK.length()));
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "consentry-test-stack-output");
        drain.setDaemon(true);
        drain.start();
        return failure;
    }

    private static Map<String, String> readConfig(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } finally {
            Files.deleteIfExists(file);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    /** This module's classes plus the runtime dependencies Maven resolved for it when it was built. */
    static String childClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation());
        try (InputStream in = TestStack.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " missing from consentry-devstack");
            }
            String recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            entries.addAll(Arrays.asList(recorded.split(File.pathSeparator)));
        }
        for (String entry : entries) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                throw new IllegalStateException("The dev stack's dependency " + entry + " is missing; rebuild it "
                        + "with `mvn -pl api/devstack install` (it records its class path at build time).");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String ownLocation() {
        try {
            return Path.of(TestStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
