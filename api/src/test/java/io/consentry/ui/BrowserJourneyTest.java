package io.consentry.ui;

import static io.consentry.testing.TestPhotos.faces;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser journey of issue 8 in Debian Chromium (headless) through ui/e2e/consentry.e2e.mjs (playwright-core):
 * the admin signs in on Keycloak's real login page, creates a subject and an invitation; the subject grants one
 * purpose, refuses another, enrols by upload and by a fake camera stream, withdraws; the admin sees the timeline and
 * the audit. Screenshots go to api/target/ui-screenshots/. Without /usr/bin/chromium the test is skipped, except in
 * CI (CI=true), where it fails.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class BrowserJourneyTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CONSENTRY_CHROMIUM", "/usr/bin/chromium"));

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminAndSubjectJourneyInARealBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Chromium is required in CI for the browser tests: apt-get install chromium (.ci/run does)");
            }
            Assumptions.abort("Skipped: " + CHROMIUM + " is absent (apt-get install chromium to run the browser journey)");
        }
        Path ui = uiDir();
        assertThat(ui.resolve("node_modules/playwright-core")).as("npm install ran in ui/ (the ui module's build)").isDirectory();

        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("ui");
        Tenants.create(operator, slug, "COMPOUND");
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, "admin-" + slug, password, "tenant-admin");
        String admin = Users.signIn(slug, "admin-" + slug, password);
        for (String[] p : new String[][]{{"gate", "FACE_VERIFICATION", "Gate verification"}, {"mood", "ATTRIBUTE_ANALYSIS", "Mood analysis"}}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("code", p[0], "title", p[2], "kind", p[1], "retentionDays", 30,
                            "notice", "We use your face for: " + p[2] + ".\nYou may refuse; you keep full access."))
                    .post("/api/v1/tenants/" + slug + "/purposes").then().statusCode(201);
        }
        allowRedirectsTo(slug, origin());

        Path faces = faces();
        Path target = Path.of("target").toAbsolutePath();
        Path camera = target.resolve("e2e-camera.y4m");
        Files.createDirectories(target);
        writeY4m(faces.resolve("obama_1.jpg"), camera);
        Path shots = target.resolve("ui-screenshots");

        ProcessBuilder pb = new ProcessBuilder("node", "e2e/consentry.e2e.mjs").directory(ui.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("E2E_BASE_URL", origin());
        env.put("E2E_TENANT", slug);
        env.put("E2E_ADMIN_USER", "admin-" + slug);
        env.put("E2E_ADMIN_PASSWORD", password);
        env.put("E2E_UPLOAD_PHOTO", faces.resolve("biden_1.jpg").toString());
        env.put("E2E_CAMERA_FILE", camera.toString());
        env.put("E2E_SCREENSHOTS", shots.toString());
        env.put("E2E_GRANT_PURPOSE", "gate");
        env.put("E2E_REFUSE_PURPOSE", "mood");
        env.put("E2E_CHROMIUM", CHROMIUM.toString());
        Process node = pb.start();
        List<String> output = new ArrayList<>();
        try (var reader = node.inputReader()) {
            reader.lines().forEach(line -> {
                System.out.println(line);
                output.add(line);
            });
        }
        boolean ended = node.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).contains("[e2e] done");

        // what the browser did is what the server recorded
        List<Map<String, Object>> subjects = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/subjects")
                .then().statusCode(200).extract().path("items");
        assertThat(subjects).hasSize(1);
        String subject = (String) subjects.get(0).get("id");
        List<String> events = given().auth().oauth2(admin).queryParam("subject", subject)
                .get("/api/v1/tenants/" + slug + "/consent-events").then().statusCode(200).extract().path("items.event");
        assertThat(events).contains("GRANTED", "REFUSED", "WITHDRAWN");
        assertThat(Files.list(shots).filter(f -> f.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(12);
    }

    /** The fake camera's stream: one Y4M (YUV 4:2:0) frame made from a test photo; Chromium loops it. */
    static void writeY4m(Path photo, Path out) throws IOException {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(photo.toFile());
        int w = img.getWidth() & ~1, h = img.getHeight() & ~1;
        byte[] y = new byte[w * h], u = new byte[w * h / 4], v = new byte[w * h / 4];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int rgb = img.getRGB(col, row), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                y[row * w + col] = (byte) clamp(0.299 * r + 0.587 * g + 0.114 * b);
                if (row % 2 == 0 && col % 2 == 0) {
                    int i = (row / 2) * (w / 2) + col / 2;
                    u[i] = (byte) clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
                    v[i] = (byte) clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
                }
            }
        }
        try (var os = new java.io.BufferedOutputStream(Files.newOutputStream(out))) {
            os.write(("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            os.write("FRAME\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            os.write(y);
            os.write(u);
            os.write(v);
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private String origin() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The test app listens on a random port, not on the configured public URL the realm's console client lists. */
    private void allowRedirectsTo(String realm, String origin) {
        var clients = keycloak.realm(realm).clients();
        ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(origin + "/console/*");
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);
    }

    static Path uiDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ui/e2e/consentry.e2e.mjs"))) {
                return dir.resolve("ui");
            }
        }
        throw new IllegalStateException("ui/ not found above " + Path.of("").toAbsolutePath());
    }

}
