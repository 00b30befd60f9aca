package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentry.devstack.fakeapi.FakeApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The run command end to end, with a stand-in api ({@link FakeApi}) since the real one is another
 * module: servers, api child process, seeding through Keycloak and the api, banner, and a full stop.
 */
class RunPlatformTest {

    @TempDir
    Path work;

    @Test
    void startsEverythingSeedsTheDemoLoginsAndStopsWithoutLeftovers() throws Exception {
        Path apiJar = fakeApiJar();
        Path state = work.resolve("state");
        int apiPort = LocalPorts.freePort();
        int managementPort = LocalPorts.freePort();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(console, System.out), true, StandardCharsets.UTF_8);

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> new CommandLine(new RunPlatform(out, out))
                .execute("--state-dir", state.toString(), "--api-jar", apiJar.toString(), "--api-port", "" + apiPort,
                        "--api-management-port", "" + managementPort,
                        "--pg-port", "0", "--s3-port", "0", "--keycloak-port", "0", "--keycloak-management-port", "0",
                        "--smtp-port", "0", "--imap-port", "0", "--mailbox-port", "0"));
        // The banner is printed line by line after "Consentry is running": wait for its last line, "Stop ... Ctrl-C".
        Readiness.await("the run command", Duration.ofSeconds(240),
                () -> console.toString(StandardCharsets.UTF_8).contains("Ctrl-C (stops"),
                () -> !run.isDone(), () -> console.toString(StandardCharsets.UTF_8));

        String banner = console.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("PostgreSQL ready in", "S3 server ready in", "Mail server ready in", "Mail (local)", "IMAP",
                "Keycloak ready in", "api ready in",
                "Demo tenant 'demo' created", "http://127.0.0.1:" + managementPort + "/q/swagger-ui", "Ctrl-C");
        assertThat(banner).as("nothing of the management interface on the public port")
                .doesNotContain("http://127.0.0.1:" + apiPort + "/q/");

        GeneratedSecrets logins = new GeneratedSecrets(state.resolve("demo-logins.properties"));
        String keycloakUrl = banner.lines().filter(l -> l.contains("Keycloak  ")).findFirst().orElseThrow()
                .replaceAll(".*(http://\\S+).*", "$1");
        assertThat(KeycloakAdminClient.passwordGrantToken(keycloakUrl, "platform", "consentry-cli", "operator",
                logins.get("operator.password"))).isNotBlank();
        assertThat(KeycloakAdminClient.passwordGrantToken(keycloakUrl, "demo", "consentry-cli", "admin",
                logins.get("demo.admin.password"))).isNotBlank();

        List<ProcessHandle> children = ProcessHandle.current().descendants().collect(Collectors.toList());
        ProcessHandle api = children.stream()
                .filter(p -> p.info().commandLine().orElse("").contains(apiJar.toString())).findFirst().orElseThrow();
        api.destroy(); // the api going away ends the run, which then stops the servers

        assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("The api exited on its own", "Stopped.");
        assertThat(children).as("nothing started by the run survives it").noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(state.resolve("postgres/postmaster.pid"))).as("PostgreSQL stopped").isFalse();
    }

    /** A runnable jar holding just {@link FakeApi}, as `--api-jar` expects. */
    private Path fakeApiJar() throws IOException {
        Path jar = work.resolve("fake-api.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApi.class.getName());
        String entry = FakeApi.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream classFile = FakeApi.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** Shows the run's console in the test output while capturing it. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
