package io.consentry.attributes;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Hole 4 of issue 13 for attribute analysis: the engine's attributes ran on every face with no consent check. Now they
 * are estimated only through the consent enforcement point, for a subject with an active ATTRIBUTE_ANALYSIS consent,
 * on that subject's verified face; verification, identification and unknown faces never produce an attribute. The
 * proof besides the answers: the estimate counter ({@code consentry_attribute_estimates_total}) and the audit.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AttributeAnalysisTest {

    private static String tenant;
    private static String admin;
    private static String device;
    private static String alice;
    private static String aliceSession;

    @Inject
    Keycloak keycloak;
    @Inject
    AttributeModelUse modelUse;
    @Inject
    io.consentry.core.engine.CurrentEngine engine;

    @BeforeEach
    void aSubjectWhoConsentedToMoodAnalysis() {
        if (admin != null) {
            return;
        }
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "attrs", "MALL");
        tenant = t.slug();
        admin = t.admin();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body("mood", "Mood at the kiosk", "ATTRIBUTE_ANALYSIS", 30, "The kiosk estimates your age, gender and expression from your face, for you only."))
                .post("/api/v1/tenants/" + tenant + "/purposes").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body("kiosk-verification", "Kiosk sign-in", "FACE_VERIFICATION", 30, "The kiosk compares your face with your enrolment."))
                .post("/api/v1/tenants/" + tenant + "/purposes").then().statusCode(201);
        String site = Devices.createSite(admin, tenant, "Kiosk");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "kiosk-verification", "identificationPurpose", "member-identification",
                        "livenessRequired", false))
                .put("/api/v1/tenants/" + tenant + "/sites/" + site + "/policy").then().statusCode(200);
        device = Devices.token(tenant, Devices.register(admin, tenant, site, "Kiosk 1"));
        alice = Portal.subject(admin, tenant, "alice");
        aliceSession = Portal.session(admin, tenant, alice, Portal.contact(tenant, "alice"));
        for (String purpose : List.of("kiosk-verification", "member-identification", "mood")) {
            decide(aliceSession, purpose, "GRANT");
        }
        given().header("Authorization", "Portal " + aliceSession).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
    }

    @Test
    void aConsentingSubjectGetsTheEstimatesOfTheirOwnVerifiedFace() {
        double before = estimates();
        Response response = attributes(aliceSession, "mood", photo("obama_2.jpg"));
        response.then().statusCode(200).body("purpose", equalTo("mood"));
        assertThat(response.<Float>path("age")).isBetween(1f, 120f);
        assertThat(response.<List<?>>path("expression")).isNotEmpty();
        assertThat(estimates()).isEqualTo(before + 1);
        Map<String, Object> entry = given().auth().oauth2(admin).queryParam("action", "biometric.attributes").queryParam("outcome", "ok")
                .get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().path("items[0]");
        assertThat(entry).containsEntry("subjectRef", alice).containsEntry("purpose", "mood");
        assertThat(entry.toString()).doesNotContain("age=").doesNotContain(String.valueOf(response.<Float>path("age")));
    }

    @Test
    void verificationIdentificationAndUnknownFacesNeverProduceAnAttribute() {
        double before = estimates();
        // Alice consented to mood analysis, yet her decisions at the kiosk carry no attribute.
        Response verified = given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "alice"), "image", b64("obama_2.jpg")))
                .post("/api/v1/device/verify");
        verified.then().statusCode(200).body("decision", equalTo("GRANTED"));
        Response identified = given().auth().oauth2(device).contentType(ContentType.JSON).body(Map.of("image", b64("obama_3.jpg")))
                .post("/api/v1/device/identify");
        identified.then().statusCode(200).body("decision", equalTo("GRANTED"));
        Response stranger = given().auth().oauth2(device).contentType(ContentType.JSON).body(Map.of("image", b64("kit_harington_1.jpg")))
                .post("/api/v1/device/identify");
        stranger.then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"));
        for (Response r : List.of(verified, identified, stranger)) {
            assertThat(r.asString()).doesNotContain("age").doesNotContain("gender").doesNotContain("expression");
        }
        // Unknown faces at the attribute route itself: a stranger's selfie, a crowd.
        assertProblem(attributes(aliceSession, "mood", photo("kit_harington_1.jpg")), 403, "face_not_verified");
        assertProblem(attributes(aliceSession, "mood", photo("multi_obama_and_biden.jpg")), 422, "multiple_faces");
        assertThat(estimates()).as("no estimate was made").isEqualTo(before);
    }

    @Test
    void withoutThatConsentNothingIsEvenDecoded() {
        double before = estimates();
        String bob = Portal.subject(admin, tenant, "bob");
        String bobSession = Portal.session(admin, tenant, bob, Portal.contact(tenant, "bob"));
        decide(bobSession, "kiosk-verification", "GRANT");
        decide(bobSession, "mood", "REFUSE");
        // Refused before the body is looked at: garbage bytes get the same answer as a selfie.
        assertProblem(attributes(bobSession, "mood", "not an image".getBytes()), 403, "consent_required");
        assertProblem(attributes(bobSession, "mood", photo("biden_1.jpg")), 403, "consent_required");
        // A purpose of another kind is no attribute consent.
        assertProblem(attributes(bobSession, "kiosk-verification", photo("biden_1.jpg")), 403, "consent_required");
        assertProblem(given().header("Authorization", "Portal " + bobSession).contentType("image/jpeg").body(photo("biden_1.jpg"))
                .post("/portal/" + tenant + "/attributes"), 400, "purpose_required");
        // Consent but no enrolled face: nothing to verify against, nothing estimated.
        decide(bobSession, "mood", "GRANT");
        assertProblem(attributes(bobSession, "mood", photo("biden_1.jpg")), 409, "not_enrolled");
        // Admins, devices and anonymous callers have no way in at all.
        assertThat(given().auth().oauth2(admin).contentType("image/jpeg").body(photo("obama_2.jpg")).queryParam("purpose", "mood")
                .post("/portal/" + tenant + "/attributes").statusCode()).isEqualTo(401);
        assertThat(given().auth().oauth2(device).contentType("image/jpeg").body(photo("obama_2.jpg")).queryParam("purpose", "mood")
                .post("/portal/" + tenant + "/attributes").statusCode()).isEqualTo(401);
        assertThat(estimates()).isEqualTo(before);
    }

    @Test
    void theAttributeModelsAreOpenOnlyWhileSomeTenantUsesThePurpose() {
        attributes(aliceSession, "mood", photo("obama_2.jpg")).then().statusCode(200);
        assertThat(engine.attributeModelsLoaded()).as("opened by the granted estimate").isTrue();
        assertThat(modelUse.tenantsUsingAttributes()).contains(tenant);
        assertThat(modelUse.unloadUnlessUsedBy(modelUse.tenantsUsingAttributes())).as("a tenant uses them").isFalse();
        assertThat(engine.attributeModelsLoaded()).isTrue();

        // A tenant counts as a user from its first live attribute purpose until that purpose is retired.
        Tenants.WithAdmin other = Tenants.createWithAdmin(keycloak, "attrs-retired", "BANK");
        assertThat(modelUse.tenantsUsingAttributes()).doesNotContain(other.slug());
        given().auth().oauth2(other.admin()).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body("age-check", "Age check", "ATTRIBUTE_ANALYSIS", 1, "The counter estimates your age from your face."))
                .post("/api/v1/tenants/" + other.slug() + "/purposes").then().statusCode(201);
        assertThat(modelUse.tenantsUsingAttributes()).contains(other.slug());
        given().auth().oauth2(other.admin()).post("/api/v1/tenants/" + other.slug() + "/purposes/age-check/retire")
                .then().statusCode(200);
        assertThat(modelUse.tenantsUsingAttributes()).doesNotContain(other.slug());

        // With no user left the models are closed; the next consented estimate opens them again.
        assertThat(modelUse.unloadUnlessUsedBy(List.of())).isTrue();
        assertThat(engine.attributeModelsLoaded()).isFalse();
        attributes(aliceSession, "mood", photo("obama_2.jpg")).then().statusCode(200);
        assertThat(engine.attributeModelsLoaded()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static Response attributes(String session, String purpose, byte[] image) {
        return given().header("Authorization", "Portal " + session).contentType("image/jpeg").queryParam("purpose", purpose)
                .body(image).post("/portal/" + tenant + "/attributes");
    }

    private static void decide(String session, String purpose, String decision) {
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                .then().extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions").then().statusCode(201);
    }

    private static double estimates() {
        return io.consentry.testing.Metrics.attributeEstimates();
    }

    private static String b64(String photo) {
        return Base64.getEncoder().encodeToString(photo(photo));
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat((String) response.path("code")).isEqualTo(code);
    }
}
