package io.consentry.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The api (Quarkus fast-jar) as a child JVM. Configuration goes in through environment variables,
 * so secrets never appear on a command line; its output is copied to the console with a prefix and
 * to a log file.
 */
final class ApiProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path logFile;

    private ApiProcess(Process process, int port, int managementPort, Path logFile) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    /**
     * @param managementPort Quarkus' management interface (health, metrics, OpenAPI, Swagger UI), bound to loopback
     *                       like the api itself
     */
    static ApiProcess start(Path runnerJar, Map<String, String> config, int port, int managementPort, Path logFile,
                            PrintStream console) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException("The api is not built: " + runnerJar.toAbsolutePath() + " does not exist. "
                    + "Build it first (mvn -B install -DskipTests from the repository root), or pass --api-jar.");
        }
        LocalPorts.claim(port, "The api", "--api-port");
        LocalPorts.claim(managementPort, "The api's management interface", "--api-management-port");
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", runnerJar.toString()))
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            config.forEach((property, value) -> env.put(ApiConfigKeys.toEnvironmentVariable(property), value));
            env.put("QUARKUS_HTTP_HOST", LocalPorts.LOOPBACK);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_MANAGEMENT_HOST", LocalPorts.LOOPBACK);
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            // Where people reach this api: invitation links and the console's redirect URI are built from it.
            env.putIfAbsent("CONSENTRY_PUBLIC_URL", "http://" + LocalPorts.LOOPBACK + ":" + port);
            env.putIfAbsent("QUARKUS_PROFILE", "prod");
            // A person reads this console: plain log lines rather than the JSON meant for log collectors.
            env.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            Process process = builder.start();
            copyOutput(process, logFile, console);
            return new ApiProcess(process, port, managementPort, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the api from " + runnerJar, e);
        }
    }

    void awaitReady(Duration timeout) {
        Readiness.await("The api", timeout,
                () -> Readiness.answers200(URI.create(managementUrl() + "/q/health/ready")),
                process::isAlive,
                () -> LogTail.of(logFile, 40));
    }

    String url() {
        return "http://" + LocalPorts.LOOPBACK + ":" + port;
    }

    /** Health, metrics, OpenAPI and Swagger UI: never on the public port. */
    String managementUrl() {
        return "http://" + LocalPorts.LOOPBACK + ":" + managementPort;
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), Duration.ofSeconds(20));
    }

    private static void copyOutput(Process process, Path logFile, PrintStream console) throws IOException {
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread copier = new Thread(() -> {
            try (log; BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    console.println("[api] " + line);
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
            } catch (IOException e) {
                // the api's output pipe closed: the process is gone
            }
        }, "api-output");
        copier.setDaemon(true);
        copier.start();
    }
}
