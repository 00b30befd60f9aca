package io.consentry.access;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.ConsentFixtures;
import io.consentry.consent.ConsentService;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.engine.MatchCalibration;
import io.consentry.core.work.TenantWork;
import io.consentry.face.IdentificationCalibration;
import io.consentry.face.Template;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.subject.Subjects;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1:N decisions use the threshold for the gallery they searched, record that operating point, and fall back to the
 * site's alternatives when the model pack cannot keep the site's FPIR at that size. The gallery is a real member
 * enrolled through the portal plus synthetic members (random templates of the current pack, stored through the
 * template store with a real identification consent), so the gallery size can be set without hundreds of photos.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentificationOperatingPointTest {

    private static ConsentFixtures t;
    private static String site;
    private static Devices.Registered device;
    private static String obama;
    private static int synthetic;

    @Inject
    Keycloak keycloak;
    @Inject
    MatchCalibration calibration;
    @Inject
    CurrentEngine engine;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantWork work;
    @Inject
    Subjects subjects;
    @Inject
    ConsentService consents;
    @Inject
    PurposeCatalog catalog;
    @Inject
    TemplateVault vault;
    @Inject
    IdentificationGalleries galleries;

    @BeforeEach
    void aMemberAndAnIdentifyingGate() {
        if (t != null) {
            return;
        }
        t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        site = Devices.createSite(t.admin, t.slug, "Lobby");
        policy(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "livenessRequired", false, "targetFpir", 0.01));
        device = Devices.register(t.admin, t.slug, site, "Lobby camera");
        obama = t.createSubject("obama-ref");
        String session = t.session(obama);
        t.decide(session, "member-identification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("obama_1.jpg")).then().statusCode(201);
    }

    @Test
    @Order(1)
    void theThresholdFollowsTheGalleryAndEveryDecisionRecordsItsOperatingPoint() {
        addSyntheticMembers(60);
        IdentificationCalibration identification = calibration.identification();
        var expected = (IdentificationCalibration.OperatingPoint) identification.operatingPoint(0.01, 61);

        Response member = identify(photo("obama_2.jpg"));
        member.then().statusCode(200);
        assertThat(member.<String>path("decision")).isEqualTo("GRANTED");
        assertThat(member.<String>path("subjectId")).isEqualTo(obama);
        assertThat(member.<String>path("operatingPoint.rate")).isEqualTo("FPIR");
        assertThat(member.<Float>path("operatingPoint.target")).isEqualTo(0.01f);
        assertThat(member.<Integer>path("operatingPoint.gallerySize")).isEqualTo(61);
        assertThat(member.<Integer>path("operatingPoint.calibratedGallerySize")).isEqualTo(expected.calibratedGallerySize())
                .isGreaterThanOrEqualTo(61);
        assertThat(member.<Float>path("operatingPoint.threshold")).isEqualTo(expected.threshold())
                .as("stricter than the per-pair threshold of FAR 1 %").isGreaterThan(calibration.threshold(0.01).orElseThrow());
        assertThat(member.<String>path("operatingPoint.calibrationId")).isEqualTo(identification.calibrationId());

        Response stranger = identify(photo("kit_harington_1.jpg"));
        assertThat(stranger.<String>path("decision")).isEqualTo("FALLBACK_REQUIRED");
        assertThat(stranger.<String>path("reason")).isEqualTo("no_match");
        assertThat(stranger.<Object>path("score")).as("a stranger's nearest score says something about them").isNull();
        assertThat(stranger.<Integer>path("operatingPoint.gallerySize")).isEqualTo(61);

        // The audit entry an auditor reads later carries the same evidence.
        Map<String, String> details = t.asAdmin().queryParam("action", "access.face_1_n").queryParam("size", 1)
                .get(t.api("/audit")).then().statusCode(200).extract().path("items[0].details");
        assertThat(details).containsEntry("rate", "FPIR").containsEntry("target", "0.01").containsEntry("gallerySize", "61")
                .containsEntry("calibrationId", identification.calibrationId()).containsKey("threshold").doesNotContainKey("score");
    }

    @Test
    @Order(4)
    void aGalleryTooLargeForTheSitesRateSendsEveryoneToTheAlternatives() {
        IdentificationCalibration identification = calibration.identification();
        // The strictest rate the pack offers, and a gallery beyond the largest size it serves at that rate.
        double strict = identification.targetFpirs().first();
        int largest = identification.largestGallerySize(strict);
        assertThat(largest).as("the pack serves some gallery at FPIR " + strict).isPositive();
        policy(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "livenessRequired", false, "targetFpir", strict));
        addSyntheticMembers(Math.max(0, largest + 1 - galleryTemplates()));

        Response member = identify(photo("obama_2.jpg"));
        assertThat(member.<String>path("decision")).isEqualTo("FALLBACK_REQUIRED");
        assertThat(member.<String>path("reason")).isEqualTo("gallery_too_large_for_pack");
        assertThat(member.<String>path("subjectId")).as("nobody is named when no search can be trusted").isNull();
        assertThat(member.<List<String>>path("allowedMethods")).contains("PIN");
        assertThat(member.<Integer>path("operatingPoint.gallerySize")).isGreaterThan(largest);

        // The console says so before anyone stands at the gate: on the policy and on the dashboard.
        Map<String, Object> outlook = t.asAdmin().get(t.api("/sites/" + site + "/policy")).then().statusCode(200)
                .extract().path("identification");
        assertThat(outlook).containsEntry("meetable", false).containsEntry("reason", "gallery_too_large_for_pack")
                .containsEntry("largestGallerySize", largest);
        List<Map<String, Object>> dashboard = t.asAdmin().get(t.api("/dashboard")).then().statusCode(200)
                .extract().path("identification.sites");
        assertThat(dashboard).anySatisfy(s -> assertThat(s).containsEntry("siteId", site).containsEntry("meetable", false));

        // A looser rate serves the same gallery again.
        policy(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "livenessRequired", false, "targetFpir", identification.targetFpirs().last()));
        assertThat(identify(photo("obama_2.jpg")).<String>path("decision")).isEqualTo("GRANTED");
    }

    @Test
    @Order(2)
    void aSiteThatAcceptsFewerMissesThanThePackCanPromiseFallsBack() {
        policy(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "livenessRequired", false, "targetFpir", 0.01, "maxFnir", 0.001));
        Response member = identify(photo("obama_2.jpg"));
        assertThat(member.<String>path("reason")).isEqualTo("gallery_too_large_for_pack");
        policy(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "livenessRequired", false, "targetFpir", 0.01));
    }

    @Test
    @Order(3)
    void aRateThePackIsNotCalibratedForCannotBeSaved() {
        t.asAdmin().body(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification", "targetFpir", 0.5))
                .put(t.api("/sites/" + site + "/policy")).then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("policy_invalid"))
                .body("detail", org.hamcrest.Matchers.containsString("targetFpir 0.5 is not one the model pack"));
        t.asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "targetFpir", 0.01))
                .put(t.api("/sites/" + site + "/policy")).then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("only apply to FACE_1_N"));
    }

    private void policy(Map<String, Object> body) {
        t.asAdmin().body(body).put(t.api("/sites/" + site + "/policy")).then().statusCode(200);
    }

    private Response identify(byte[] image) {
        return given().auth().oauth2(Devices.token(t.slug, device)).contentType("application/json")
                .body(Map.of("image", java.util.Base64.getEncoder().encodeToString(image)))
                .post("/api/v1/device/identify");
    }

    private int galleryTemplates() {
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        return galleries.size(tenant.id);
    }

    /** Members who consented to identification, each with one random template of the current pack. */
    private void addSyntheticMembers(int count) {
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        var pack = engine.manifest();
        Random random = new Random(20261130L + synthetic);
        work.as(tenant, () -> {
            String notice = catalog.find("member-identification").orElseThrow().notice().contentHash();
            for (int i = 0; i < count; i++) {
                UUID subject = subjects.create("synthetic-" + synthetic++, "Synthetic member", null).id();
                consents.decide(subject, "member-identification", ConsentService.Decision.GRANT, notice, "test", "test");
                float[] v = new float[512];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                QuarkusTransaction.requiringNew().run(() -> vault.store(subject, Template.of(pack.id(), pack.version(), v, 1f)));
            }
            return null;
        });
        galleries.invalidateAll();
    }
}
