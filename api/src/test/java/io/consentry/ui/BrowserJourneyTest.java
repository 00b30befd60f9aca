package io.consentry.ui;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.consentry.testing.TestPhotos.faces;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The browser journey of issue 8 in Debian Chromium (headless) through ui/e2e/consentry.e2e.mjs (playwright-core):
 * the admin signs in on Keycloak's real login page, creates a subject and an invitation; the subject grants one
 * purpose, refuses another, enrols by upload and by a fake camera stream, withdraws; the admin sees the timeline and
 * the audit; then creates a site, registers a device (secret shown once, rotated), cannot make face the only way in
 * on the policy form and saves a valid policy, analyses a test photo in the engine view and reads the dashboard's
 * counts. {@link BrowserRun} starts the script (skipped without Chromium, except in CI).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class BrowserJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminAndSubjectJourneyInARealBrowser() throws Exception {
        BrowserRun.requireChromium();
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("ui");
        Tenants.create(operator, slug, "COMPOUND");
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, "admin-" + slug, password, "tenant-admin");
        String admin = Users.signIn(slug, "admin-" + slug, password);
        for (String[] p : new String[][]{{"gate", "FACE_VERIFICATION", "Gate verification"}, {"mood", "ATTRIBUTE_ANALYSIS", "Mood analysis"}}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(io.consentry.testing.Purposes.body(p[0], p[2], p[1], 30, "We use your face for: " + p[2] + ".\nYou may refuse; you keep full access."))
                    .post("/api/v1/tenants/" + slug + "/purposes").then().statusCode(201);
        }
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        gateActivityToday(slug, admin);
        adminConsentsAsASubject(slug, admin, "admin-" + slug + "@example.test");

        Path faces = faces();
        Path target = Path.of("target").toAbsolutePath();
        Path camera = target.resolve("e2e-camera.y4m");
        Files.createDirectories(target);
        writeY4m(faces.resolve("obama_1.jpg"), camera);
        Path shots = BrowserRun.SCREENSHOTS;

        BrowserRun.run("consentry.e2e.mjs", base, Map.of(
                "E2E_TENANT", slug,
                "E2E_ADMIN_USER", "admin-" + slug,
                "E2E_ADMIN_PASSWORD", password,
                "E2E_UPLOAD_PHOTO", faces.resolve("biden_1.jpg").toString(),
                "E2E_MAILBOX_URL", io.consentry.testing.Mailbox.url(),
                "E2E_SUBJECT_EMAIL", "li.wei@" + slug + ".example.test",
                "E2E_CAMERA_FILE", camera.toString(),
                "E2E_GRANT_PURPOSE", "gate",
                "E2E_REFUSE_PURPOSE", "mood"));

        // what the browser did is what the server recorded
        List<Map<String, Object>> subjects = given().auth().oauth2(admin).queryParam("q", "unit-12a")
                .get("/api/v1/tenants/" + slug + "/subjects").then().statusCode(200).extract().path("items");
        assertThat(subjects).hasSize(1);
        String subject = (String) subjects.get(0).get("id");
        List<String> events = given().auth().oauth2(admin).queryParam("subject", subject)
                .get("/api/v1/tenants/" + slug + "/consent-events").then().statusCode(200).extract().path("items.event");
        assertThat(events).contains("GRANTED", "REFUSED", "WITHDRAWN");
        List<Map<String, Object>> sites = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/sites")
                .then().statusCode(200).extract().path("$");
        String north = sites.stream().filter(x -> "North gate".equals(x.get("name"))).map(x -> (String) x.get("id")).findFirst().orElseThrow();
        List<String> methods = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/sites/" + north + "/policy")
                .then().statusCode(200).extract().path("methods");
        assertThat(methods).contains("FACE_1_N", "PIN", "GUARD").doesNotContain("QR", "CARD");
        // the site is tied to the purpose picked on the form
        given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/sites/" + north + "/policy").then().statusCode(200)
                .body("identificationPurpose", equalTo("member-identification"));
        // the mismatching face was refused, then replaced explicitly from the invitation session
        List<String> enrolments = given().auth().oauth2(admin).queryParam("subjectRef", subject)
                .get("/api/v1/tenants/" + slug + "/audit").then().statusCode(200).extract().path("items.collect { it.action + ':' + it.outcome }");
        assertThat(enrolments).contains("enrolment:ok", "enrolment:refused:face_not_verified", "enrolment.replaced:ok");
        // and the subject heard of each step at the address the invitation went to
        List<String> mail = io.consentry.testing.Mailbox.fromStart("li.wei@" + slug + ".example.test").all().stream()
                .map(io.consentry.testing.Mailbox.Mail::subject).toList();
        assertThat(mail).anyMatch(m -> m.startsWith("Your consent, your decision")).anyMatch(m -> m.startsWith("Your consent: Gate verification"))
                .anyMatch(m -> m.startsWith("A face was enrolled in your name"));
        List<String> devices = given().auth().oauth2(admin).queryParam("site", north).get("/api/v1/tenants/" + slug + "/devices")
                .then().statusCode(200).extract().path("name");
        assertThat(devices).containsExactly("North gate turnstile");
        assertThat(Files.list(shots).filter(f -> f.toString().endsWith(".png")).map(f -> f.getFileName().toString()))
                .contains("04b-mailbox-invitation.png", "07b-portal-mismatch-refused.png", "13-sites.png", "14-device-secret-once.png",
                        "15-devices.png", "16-policy-face-only-refused.png", "17-policy-saved.png", "18-engine-own-face.png",
                        "19-dashboard-counts.png")
                .hasSizeGreaterThanOrEqualTo(21);
    }

    /**
     * What happened at the gates today, through the real device API, for the dashboard step: a kiosk on site "Lobby"
     * (heartbeat: online), resident-7 consents and enrols and is then verified (granted) and impersonated (denied),
     * resident-8 refuses face (sent to an alternative) and gets in with a PIN.
     */
    private void gateActivityToday(String slug, String admin) {
        String api = "/api/v1/tenants/" + slug;
        String lobby = Devices.createSite(admin, slug, "Lobby");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate", "livenessRequired", false))
                .put(api + "/sites/" + lobby + "/policy").then().statusCode(200);
        String kiosk = Devices.token(slug, Devices.register(admin, slug, lobby, "Lobby kiosk"));
        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("softwareVersion", "1.4.2", "health", "OK"))
                .post("/api/v1/device/heartbeat").then().statusCode(200);

        String enrolled = portalSession(slug, admin, "resident-7");
        decide(slug, enrolled, "gate", "GRANT");
        given().header("Authorization", "Portal " + enrolled).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
        verify(kiosk, "resident-7", "obama_2.jpg", "GRANTED");
        verify(kiosk, "resident-7", "biden_2.jpg", "DENIED");

        String refusing = portalSession(slug, admin, "resident-8");
        decide(slug, refusing, "gate", "REFUSE");
        String resident8 = given().auth().oauth2(admin).queryParam("q", "resident-8").get(api + "/subjects")
                .then().statusCode(200).extract().path("items[0].id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("subjectId", resident8, "kind", "PIN", "pin", "482916"))
                .post(api + "/credentials").then().statusCode(201);
        verify(kiosk, "resident-8", "rose_leslie_1.jpg", "FALLBACK_REQUIRED");
        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "PIN", "subjectRef", "resident-8", "pin", "482916"))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"));
    }

    /**
     * The signed-in admin of the journey becomes a subject of their own tenant, as the engine view requires: invited at
     * the verified e-mail of their account, they open the mailed link, grant gate verification and enrol their face
     * (the photo the fake camera will show in the engine view).
     */
    private static void adminConsentsAsASubject(String slug, String admin, String email) {
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "staff-admin", "displayName", "The admin", "contact", email))
                .post("/api/v1/tenants/" + slug + "/subjects").then().statusCode(201).extract().path("id");
        String session = Portal.session(admin, slug, id, email);
        decide(slug, session, "gate", "GRANT");
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
    }

    /** A resident invited by e-mail who opens the link in their inbox on the test mail server. */
    private static String portalSession(String slug, String admin, String ref) {
        String id = Portal.subject(admin, slug, ref);
        return Portal.session(admin, slug, id, Portal.contact(slug, ref));
    }

    private static void decide(String slug, String session, String purpose, String decision) {
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                .then().statusCode(200).extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
    }

    private static void verify(String device, String ref, String photo, String decision) {
        given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", ref), "image", Base64.getEncoder().encodeToString(photo(photo))))
                .post("/api/v1/device/verify").then().statusCode(200).body("decision", equalTo(decision));
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
}
