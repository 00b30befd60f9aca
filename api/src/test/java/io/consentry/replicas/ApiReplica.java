package io.consentry.replicas;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One api replica: the packaged application ({@code target/quarkus-app/quarkus-run.jar}) in a JVM of its own on a
 * free loopback port, configured like the tests' in-JVM application (the real servers' addresses and credentials)
 * through environment variables, so that no secret appears on a command line. Output goes to
 * {@code target/replicas/<name>.log}. {@link #close()} stops it, whatever state it is in.
 */
final class ApiReplica implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final String name;
    final int port;
    /** Health, metrics, OpenAPI: the management interface, as in production never on the API's port. */
    final int managementPort;
    final Path log;
    private final Process process;
    private final Thread stopOnExit;

    private ApiReplica(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
        // Also when the test JVM is ended early: never leave a replica behind.
        this.stopOnExit = new Thread(this::stop, "stop-replica-" + name);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static ApiReplica start(String name, Map<String, String> config, Map<String, String> extra) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the packaged api is built in the "
                    + "package phase, before failsafe runs this test");
        }
        try {
            Path log = Files.createDirectories(Path.of("target", "replicas")).resolve(name + ".log");
            int port = freeLoopbackPort();
            int managementPort = freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-jar", JAR.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(Path.of("").toAbsolutePath().toFile());
            Map<String, String> env = builder.environment();
            config.forEach((key, value) -> env.put(environmentVariable(key), value));
            extra.forEach((key, value) -> env.put(environmentVariable(key), value));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            env.put("CONSENTRY_PUBLIC_URL", "http://127.0.0.1:" + port);
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            return new ApiReplica(name, port, managementPort, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start api replica " + name, e);
        }
    }

    /** Waits for {@code /q/health/ready} (database, S3, Keycloak, listening to the other replicas) or fails. */
    ApiReplica awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("api replica " + name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("api replica " + name + " not ready within " + timeout + ":\n" + tail());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    RequestSpecification given() {
        return RestAssured.given().baseUri(url()).contentType(ContentType.JSON);
    }

    /** Lines of its log that report an error (the test expects none). */
    List<String> errorLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(" ERROR ")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** SIGTERM (Quarkus shuts down cleanly), then SIGKILL after a grace period; waits until it is gone. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Quarkus' environment-variable form of a property: upper case, every non-alphanumeric character '_'. */
    private static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
