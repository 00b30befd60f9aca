package io.consentry.ui;

import org.junit.jupiter.api.Assumptions;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts one browser journey script of ui/e2e (playwright-core driving Debian Chromium, see ui/e2e/lib.mjs) against
 * the test app and asserts it ran to "[e2e] done". Without /usr/bin/chromium the calling test is skipped, except in
 * CI (CI=true), where it fails. Screenshots go to api/target/ui-screenshots/.
 */
final class BrowserRun {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CONSENTRY_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots").toAbsolutePath();

    private BrowserRun() {
    }

    /** Skips the calling test when Chromium is absent (fails in CI instead), and checks that ui/'s npm install ran. */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Chromium is required in CI for the browser tests: apt-get install chromium (.ci/run does)");
            }
            Assumptions.abort("Skipped: " + CHROMIUM + " is absent (apt-get install chromium to run the browser journey)");
        }
        assertThat(uiDir().resolve("node_modules/playwright-core")).as("npm install ran in ui/ (the ui module's build)").isDirectory();
    }

    /** Runs ui/e2e/{script} with the base URL, screenshot folder and Chromium set, plus env; returns its output lines. */
    static List<String> run(String script, URL base, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/" + script).directory(uiDir().toFile()).redirectErrorStream(true);
        Map<String, String> vars = pb.environment();
        vars.put("E2E_BASE_URL", origin(base));
        vars.put("E2E_SCREENSHOTS", SCREENSHOTS.toString());
        vars.put("E2E_CHROMIUM", CHROMIUM.toString());
        vars.putAll(env);
        Process node = pb.start();
        List<String> output = new ArrayList<>();
        try (var reader = node.inputReader()) {
            reader.lines().forEach(line -> {
                System.out.println(line);
                output.add(line);
            });
        }
        if (!node.waitFor(10, TimeUnit.MINUTES)) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).contains("[e2e] done");
        return output;
    }

    static String origin(URL base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The test app listens on a random port, not on the configured public URL the realm's console client lists. */
    static void allowConsoleRedirects(Keycloak keycloak, String realm, URL base) {
        var clients = keycloak.realm(realm).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(origin(base) + "/console/*");
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);
    }

    static Path uiDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ui/e2e/lib.mjs"))) {
                return dir.resolve("ui");
            }
        }
        throw new IllegalStateException("ui/ not found above " + Path.of("").toAbsolutePath());
    }
}
