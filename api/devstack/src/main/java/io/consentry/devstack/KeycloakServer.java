package io.consentry.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak (official distribution, {@code kc.sh start-dev}) as a child process on 127.0.0.1.
 *
 * <p>Its data (dev-file H2 database) lives inside the unpacked distribution under the given
 * directory, so a second start on the same directory keeps realms and users. The master realm's
 * bootstrap admin is created on the very first start only, with a generated password kept in the
 * secrets file. Stopping kills the whole process tree: kc.sh runs the server JVM as its own child.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    /** System property: Keycloak's maximum heap (e.g. 512m); 768m when unset. */
    public static final String HEAP_PROPERTY = "consentry.devstack.keycloak-max-heap";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Process process;
    private final KeycloakDistribution distribution;
    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final String adminPassword;
    private final Path logFile;

    private KeycloakServer(Process process, KeycloakDistribution distribution, Path home, int httpPort,
                           int managementPort, String adminPassword, Path logFile) {
        this.process = process;
        this.distribution = distribution;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.adminPassword = adminPassword;
        this.logFile = logFile;
    }

    /**
     * @param httpPort       fixed port, or 0 for a free one (tokens name it in their issuer, so keep it
     *                       fixed for persistent state)
     * @param managementPort health endpoint port, or 0 for a free one
     * @param installDir     where the distribution is unpacked once, data included
     * @param secrets        where the bootstrap admin password is kept
     * @param logFile        the server's console output
     */
    public static KeycloakServer start(int httpPort, int managementPort, Path installDir, GeneratedSecrets secrets,
                                       Path logFile) {
        KeycloakServer server = launch(httpPort, managementPort, installDir, secrets, logFile);
        server.awaitReady();
        return server;
    }

    /**
     * Starts the process and returns at once, so that a caller can stop it even while it is still
     * starting (Ctrl-C during start-up must not leave a Keycloak behind). Follow with {@link #awaitReady()}.
     */
    public static KeycloakServer launch(int httpPort, int managementPort, Path installDir, GeneratedSecrets secrets,
                                        Path logFile) {
        KeycloakDistribution distribution = KeycloakDistribution.locate();
        Path home = distribution.prepareHome(installDir);
        stopLeftoverServer(home);
        int http = LocalPorts.claim(httpPort, "Keycloak", "--keycloak-port (or 0 for any free port)");
        int management = LocalPorts.claim(managementPort, "Keycloak management (health)",
                "--keycloak-management-port (or 0 for any free port)");
        String adminPassword = secrets.getOrCreate("keycloak.admin.password", 24);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=" + LocalPorts.LOOPBACK,
                    "--http-port=" + http,
                    "--http-management-port=" + management,
                    "--health-enabled=true"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            // Defaults size the heap by percentages of RAM; on a shared 2-core box keep it modest.
            // A second test cell runs a second Keycloak on the same box: its stack passes a smaller heap.
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx" + System.getProperty(HEAP_PROPERTY, "768m"));
            // C1 only: halves start-up on 2 busy cores (measured 14 s -> 7 s warm); a local
            // Keycloak never runs long enough for C2's peak speed to matter. Overridable.
            env.putIfAbsent("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            // Secrets go through the environment, never the command line (visible in ps).
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            Process process = builder.start();
            return new KeycloakServer(process, distribution, home, http, management, adminPassword, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + home.resolve("bin/kc.sh"), e);
        }
    }

    /** Waits for /health/ready; on failure stops the process and reports the log tail. */
    public void awaitReady() {
        try {
            Readiness.await("Keycloak", READY_TIMEOUT,
                    () -> Readiness.answers200(healthReadyUrl()),
                    process::isAlive,
                    () -> LogTail.of(logFile, 40));
        } catch (RuntimeException notReady) {
            close();
            throw notReady;
        }
        // The home is now built for our options: later fresh installations can start from a copy.
        distribution.offerAsTemplate(home);
    }

    /** Base URL without trailing slash, e.g. http://127.0.0.1:8180 */
    public String url() {
        return "http://" + LocalPorts.LOOPBACK + ":" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public URI healthReadyUrl() {
        return URI.create("http://" + LocalPorts.LOOPBACK + ":" + managementPort + "/health/ready");
    }

    public String adminUsername() {
        return ADMIN_USERNAME;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return logFile;
    }

    /** The kc.sh process; its descendants include the server JVM. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), Duration.ofSeconds(20));
    }

    /**
     * A Keycloak JVM of this very installation left running by a killed run would hold the ports and
     * the H2 database; it can only be ours, so stop it. It is recognised by its kc.home.dir.
     */
    private static void stopLeftoverServer(Path home) {
        String marker = "-Dkc.home.dir=" + home.resolve("bin");
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> {
                    System.err.println("Stopping a Keycloak left running from " + home + " (pid " + p.pid() + ")");
                    ProcessTree.stop(p, Duration.ofSeconds(20));
                });
    }
}
