package io.consentry.engineview;

import io.consentry.face.FaceEngine;
import io.consentry.face.pack.ModelPack;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The engine view on real servers and the real engine, under its rule (issue 13, hole 4): it analyses only the
 * signed-in admin's own face, and only while that admin is a consenting, enrolled subject of their tenant (the subject
 * whose verified contact is the verified e-mail of their account). Their face comes back as landmarks, quality and
 * liveness (no template, no attribute, nothing stored); an uploaded photo of other people is refused, as is an admin
 * who has not consented; bad images get the enrolment codes; only the tenant's admins may use it.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class EngineViewTest {

    private static String tenant;
    private static String admin;
    private static String adminSubject;
    private static String otherTenant;
    private static String otherAdmin;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void tenants() {
        if (admin != null) {
            return;
        }
        Tenants.Pair pair = Tenants.pairWithAdmins(keycloak, "engine", "COMPOUND", "COMPOUND");
        tenant = pair.first().slug();
        otherTenant = pair.second().slug();
        otherAdmin = pair.second().admin();
        String username = "admin-" + tenant;
        admin = adminWhoConsentedAsASubject(keycloak, tenant, username, "obama_1.jpg");
        adminSubject = given().auth().oauth2(admin).queryParam("q", username).get("/api/v1/tenants/" + tenant + "/subjects")
                .then().statusCode(200).extract().path("items[0].id");
    }

    /** See {@link Portal#adminWhoConsentedAsASubject}. */
    static String adminWhoConsentedAsASubject(Keycloak keycloak, String slug, String username, String selfie) {
        return Portal.adminWhoConsentedAsASubject(keycloak, slug, username, selfie);
    }

    @Test
    void theAdminsOwnFaceComesBackAsLandmarksQualityAndLivenessAndNothingElse() {
        double estimates = io.consentry.testing.Metrics.attributeEstimates();
        Response response = analyse(admin, tenant, photo("obama_2.jpg"), "image/jpeg");
        assertThat(io.consentry.testing.Metrics.attributeEstimates()).as("no attribute estimate").isEqualTo(estimates);
        float livenessThreshold = PACK.floatProperty("model.liveness.threshold", Float.NaN);
        response.then().statusCode(200).body("packId", equalTo("faceplugin-0.0.1")).body("livenessThreshold", equalTo(livenessThreshold))
                .body("purpose", equalTo("gate-verification"));
        // The admin's face is checked against their own enrolment at the pack's strictest resolvable threshold.
        assertThat(response.<Float>path("matchScore")).isGreaterThanOrEqualTo(PACK.farThresholds().firstEntry().getValue());
        int width = response.path("width"), height = response.path("height");
        List<Map<String, Object>> faces = response.path("faces");
        assertThat(faces).hasSize(1);
        Map<String, Object> face = faces.get(0);
        assertThat(face).doesNotContainKeys("template", "embedding", "vector", "age", "gender", "genderScore", "expression", "attributes");
        assertThat(response.asString()).doesNotContain("age").doesNotContain("gender").doesNotContain("expression");
        Map<String, Number> box = cast(face.get("box"));
        assertThat(box.get("x").floatValue()).isBetween(0f, (float) width);
        assertThat(box.get("x").floatValue() + box.get("width").floatValue()).isLessThanOrEqualTo(width);
        assertThat(box.get("y").floatValue() + box.get("height").floatValue()).isLessThanOrEqualTo(height);
        assertThat((List<?>) face.get("landmarks")).hasSize(68);
        List<List<Number>> points = cast(face.get("points"));
        assertThat(points).hasSize(5);
        // the eyes are inside the face box, the left one left of the right one
        assertThat(points.get(0).get(0).floatValue()).isBetween(box.get("x").floatValue(), points.get(1).get(0).floatValue());
        Map<String, Object> quality = cast(face.get("quality"));
        assertThat(quality).containsEntry("pass", true).containsEntry("reasons", List.of());
        assertThat(((Number) face.get("liveness")).floatValue()).isGreaterThanOrEqualTo(livenessThreshold);
        assertThat(face).containsEntry("live", true);
    }

    @Test
    void photosOfOtherPeopleAreRefusedAndNothingOfThemIsShown() throws IOException {
        Response crowd = analyse(admin, tenant, photo("multi_obama_and_biden.jpg"), "image/jpeg");
        problem(crowd, 422, "multiple_faces");
        assertThat(crowd.asString()).doesNotContain("landmarks").doesNotContain("box");
        problem(analyse(admin, tenant, photo("multi_kit_with_rose.jpg"), "image/jpeg"), 422, "multiple_faces");
        Response stranger = analyse(admin, tenant, photo("biden_1.jpg"), "image/jpeg");
        problem(stranger, 403, "face_not_verified");
        assertThat(stranger.asString()).doesNotContain("landmarks");
        problem(analyse(admin, tenant, photo("kit_harington_1.jpg"), "image/jpeg"), 403, "face_not_verified");
        problem(analyse(admin, tenant, png(320, 240), "image/png"), 422, "no_face_found");
        List<String> outcomes = given().auth().oauth2(admin).queryParam("action", "engine.analysis")
                .get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().path("items.outcome");
        assertThat(outcomes).contains("refused:multiple_faces", "refused:face_not_verified", "refused:no_face_found");
    }

    @Test
    void anAdminWhoIsNotAConsentingSubjectGetsNothingAnalysed() {
        // Another admin of the same tenant, with no subject of their own: not even their own face is analysed.
        problem(analyse(Users.tokenFor(keycloak, tenant, "tenant-admin"), tenant, photo("obama_2.jpg"), "image/jpeg"), 403,
                "self_consent_required");
        // An admin who was a subject and withdrew is back to nothing.
        String slug = tenant;
        String username = "withdrawing-" + tenant;
        String token = adminWhoConsentedAsASubject(keycloak, slug, username, "rose_leslie_1.jpg");
        analyse(token, slug, photo("rose_leslie_2.jpg"), "image/jpeg").then().statusCode(200);
        String subject = given().auth().oauth2(token).queryParam("q", username).get("/api/v1/tenants/" + slug + "/subjects")
                .then().extract().path("items[0].id");
        String session = Portal.session(token, slug, subject, username + "@example.test");
        given().header("Authorization", "Portal " + session).post("/portal/" + slug + "/consents/gate-verification/withdraw")
                .then().statusCode(200);
        problem(analyse(token, slug, photo("rose_leslie_2.jpg"), "image/jpeg"), 403, "self_consent_required");
        // The subject record of a colleague does not make one a consenting subject either: the address must be one's own.
        problem(analyse(otherAdmin, otherTenant, photo("obama_2.jpg"), "image/jpeg"), 403, "self_consent_required");
    }

    @Test
    void badImagesGetTheEnrolmentCodes() throws IOException {
        problem(analyse(admin, tenant, new byte[0], "image/jpeg"), 400, "image_required");
        problem(analyse(admin, tenant, "GIF89a not really".getBytes(), "image/gif"), 415, "unsupported_image");
        byte[] jpeg = photo("obama_1.jpg");
        problem(analyse(admin, tenant, Arrays.copyOf(jpeg, jpeg.length / 3), "image/jpeg"), 400, "corrupt_image");
        problem(analyse(admin, tenant, png(16, 16), "image/png"), 422, "image_too_small");
        // refused from Content-Length, before the body is read
        problem(analyse(admin, tenant, new byte[10 * 1024 * 1024 + 1], "image/jpeg"), 413, "image_too_large");
    }

    @Test
    void eachAnalysisIsAuditedWithoutTheImage() {
        analyse(admin, tenant, photo("obama_3.jpg"), "image/jpeg").then().statusCode(200);
        List<Map<String, Object>> entries = given().auth().oauth2(admin).queryParam("action", "engine.analysis").queryParam("outcome", "ok")
                .get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().path("items");
        assertThat(entries).isNotEmpty();
        Map<String, String> details = cast(entries.get(0).get("details"));
        assertThat(details).containsOnlyKeys("faces", "width", "height", "pack", "matchScore").containsEntry("faces", "1");
        assertThat(entries.get(0).get("subjectRef")).isEqualTo(adminSubject);
        assertThat(entries.get(0).get("purpose")).isEqualTo("gate-verification");
    }

    @Test
    void onlyTheTenantsAdminsMayUseIt() {
        byte[] jpeg = photo("obama_1.jpg");
        for (String role : List.of("guard", "auditor")) {
            String token = Users.tokenFor(keycloak, tenant, role);
            problem(analyse(token, tenant, jpeg, "image/jpeg"), 403, "forbidden");
            problem(given().auth().oauth2(token).get(calibration(tenant)), 403, "forbidden");
        }
        String site = Devices.createSite(admin, tenant, "Engine view site");
        String device = Devices.token(tenant, Devices.register(admin, tenant, site, "Gate"));
        problem(analyse(device, tenant, jpeg, "image/jpeg"), 403, "forbidden");
        problem(given().auth().oauth2(device).get(calibration(tenant)), 403, "forbidden");
        problem(analyse(otherAdmin, tenant, jpeg, "image/jpeg"), 403, "tenant_mismatch");
        problem(given().auth().oauth2(otherAdmin).get(calibration(tenant)), 403, "tenant_mismatch");
        problem(given().contentType("image/jpeg").body(jpeg).post("/api/v1/tenants/" + tenant + "/engine/analysis"), 401, "unauthorized");
    }

    @Test
    void theCalibrationChartIsTheMeasurementTheThresholdsCameFrom() {
        Response response = given().auth().oauth2(admin).get(calibration(tenant));
        // The thresholds a policy can choose are the manifest's selectable ones (provisional rates are left out).
        List<Float> fars = PACK.farThresholds().descendingKeySet().stream().map(Double::floatValue).toList();
        List<Float> thresholds = PACK.farThresholds().descendingMap().values().stream().toList();
        response.then().statusCode(200).body("packId", equalTo("faceplugin-0.0.1")).body("defaultFar", equalTo(0.001f))
                .body("thresholds.far", equalTo(fars))
                .body("thresholds.threshold", equalTo(thresholds))
                .body("chartConsistent", equalTo(true))
                .body("chart.packId", equalTo("faceplugin-0.0.1"));
        assertThat(PACK.provisionalFars()).as("rates the data cannot resolve are not offered").doesNotContainAnyElementsOf(
                PACK.farThresholds().keySet());
        int genuineCount = response.path("chart.genuine"), impostorCount = response.path("chart.impostor");
        List<Number> genuine = response.path("chart.histogram.genuine"), impostor = response.path("chart.histogram.impostor");
        assertThat(genuine.stream().mapToLong(Number::longValue).sum()).isEqualTo(genuineCount);
        assertThat(impostor.stream().mapToLong(Number::longValue).sum()).isEqualTo(impostorCount);
        assertThat(impostorCount).as("every cross-identity pair, not a 1,500-pair sample").isGreaterThan(1_000_000);
        // 1:N: per target FPIR the threshold and expected FNIR by gallery size, growing with the gallery.
        List<Map<String, Object>> rates = response.path("identification.rates");
        assertThat(rates).isNotEmpty();
        for (Map<String, Object> rate : rates) {
            List<Map<String, Object>> cells = cast(rate.get("cells"));
            for (int i = 1; i < cells.size(); i++) {
                assertThat(((Number) cells.get(i).get("gallerySize")).intValue()).isGreaterThan(((Number) cells.get(i - 1).get("gallerySize")).intValue());
                assertThat(((Number) cells.get(i).get("threshold")).floatValue()).isGreaterThanOrEqualTo(((Number) cells.get(i - 1).get("threshold")).floatValue());
            }
        }
        // Liveness: BPCER and APCER by threshold, measured on stated data.
        response.then().body("liveness.packThreshold", equalTo(PACK.floatProperty("model.liveness.threshold", Float.NaN)))
                .body("liveness.data", org.hamcrest.Matchers.notNullValue());
        List<Number> far = response.path("chart.curves.far"), frr = response.path("chart.curves.frr");
        List<Number> curveThresholds = response.path("chart.curves.threshold");
        assertThat(far).hasSameSizeAs(curveThresholds).hasSameSizeAs(frr);
        for (int i = 1; i < far.size(); i++) {
            assertThat(far.get(i).doubleValue()).isLessThanOrEqualTo(far.get(i - 1).doubleValue());
            assertThat(frr.get(i).doubleValue()).isGreaterThanOrEqualTo(frr.get(i - 1).doubleValue());
        }
    }

    private static final ModelPack PACK = ModelPack.load(FaceEngine.defaultPackDir(), false);

    private static Response analyse(String token, String slug, byte[] body, String type) {
        return given().auth().oauth2(token).contentType(type).body(body).post("/api/v1/tenants/" + slug + "/engine/analysis");
    }

    private static String calibration(String slug) {
        return "/api/v1/tenants/" + slug + "/engine/calibration";
    }

    private static void problem(Response response, int status, String code) {
        response.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    /** A plain grey picture: decodable, faceless. */
    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0x808080 + ((x * 7 + y * 3) % 16));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
