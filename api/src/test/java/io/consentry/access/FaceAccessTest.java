package io.consentry.access;

import io.consentry.core.engine.MatchCalibration;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Face decisions end to end on real servers: subjects consent and enrol through the real portal, devices get real
 * client-credentials tokens, the test photos go through the real engine.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class FaceAccessTest {

    private static String tenant;
    private static String admin;
    private static String site;
    private static Devices.Registered device;
    private static String obama;
    private static String biden;
    private static String rose;
    private static String bidenPersonal;
    private static String otherTenant;
    private static Devices.Registered otherDevice;

    @Inject
    Keycloak keycloak;

    @Inject
    IdentificationGalleries galleries;

    @Inject
    MatchCalibration calibration;

    @Inject
    TenantRegistry registry;

    @BeforeEach
    void enrolledSubjectsAndADevice() {
        if (admin != null) {
            return;
        }
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("face");
        otherTenant = Tenants.uniqueSlug("face-b");
        Tenants.create(operator, tenant, "COMPOUND");
        Tenants.create(operator, otherTenant, "COMPOUND");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        site = Devices.createSite(admin, tenant, "Main gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN", "GUARD"),
                        "faceClaimTypes", List.of("SUBJECT_REF", "CARD"), "verificationPurpose", "gate-verification",
                        "identificationPurpose", "member-identification", "livenessRequired", false, "targetFar", 0.001,
                        "faceAttemptsBeforeFallback", 3))
                .put(api(tenant, "/sites/" + site + "/policy")).then().statusCode(200);
        device = Devices.register(admin, tenant, site, "Gate 1");

        obama = subject("obama-ref");
        String obamaSession = session(obama);
        decide(obamaSession, "gate-verification", "GRANT");
        decide(obamaSession, "member-identification", "GRANT");
        enrol(obamaSession, photo("obama_1.jpg"));

        biden = subject("biden-ref");
        String bidenSession = session(biden);
        bidenPersonal = decide(bidenSession, "gate-verification", "GRANT").path("personalLink.token");
        decide(bidenSession, "member-identification", "GRANT");
        enrol(bidenSession, photo("biden_1.jpg"));

        rose = subject("rose-ref");
        String roseSession = session(rose);
        decide(roseSession, "gate-verification", "REFUSE");
        decide(roseSession, "member-identification", "REFUSE");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("subjectId", rose, "kind", "PIN", "pin", "246810"))
                .post(api(tenant, "/credentials")).then().statusCode(201);

        String otherAdmin = Users.tokenFor(keycloak, otherTenant, "tenant-admin");
        String otherSite = Devices.createSite(otherAdmin, otherTenant, "Other gate");
        given().auth().oauth2(otherAdmin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "identificationPurpose", "member-identification"))
                .put(api(otherTenant, "/sites/" + otherSite + "/policy")).then().statusCode(200);
        otherDevice = Devices.register(otherAdmin, otherTenant, otherSite, "Other gate 1");
    }

    @Test
    void theGenuineSubjectIsGranted() {
        verify(token(), "SUBJECT_REF", "obama-ref", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("reason", equalTo("face_match")).body("method", equalTo("FACE_1_1"))
                .body("purpose", equalTo("gate-verification"))
                .body("subjectId", equalTo(obama)).body("score", greaterThanOrEqualTo(farThreshold()))
                .body("threshold", equalTo(farThreshold())).body("auditEntryId", notNullValue())
                .body("operatingPoint.rate", equalTo("FAR")).body("operatingPoint.target", equalTo(0.001f))
                .body("operatingPoint.calibrationId", equalTo(calibration.calibrationId()));
    }

    @Test
    void aDifferentPersonIsNotGranted() {
        verify(token(), "SUBJECT_REF", "obama-ref", photo("biden_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("face_mismatch"))
                .body("score", lessThan(farThreshold())).body("allowedMethods", hasItem("PIN"));
    }

    @Test
    void aSubjectWithoutFaceConsentIsSentToAnAlternativeAndGetsInWithAPin() {
        verify(token(), "SUBJECT_REF", "rose-ref", photo("rose_leslie_1.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_face_consent"))
                .body("score", nullValue()).body("allowedMethods", hasItem("PIN"));
        identify(token(), photo("rose_leslie_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"))
                .body("subjectId", nullValue()).body("score", nullValue());
        AlternativeAccessTest.alternative(token(), Map.of("method", "PIN", "subjectRef", "rose-ref", "pin", "246810"))
                .then().statusCode(200).body("decision", equalTo("GRANTED")).body("subjectId", equalTo(rose));
    }

    @Test
    void identificationFindsConsentingMembersAndSendsStrangersToAnAlternative() {
        identify(token(), photo("obama_3.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(obama)).body("method", equalTo("FACE_1_N"))
                .body("score", greaterThanOrEqualTo(farThreshold())).body("operatingPoint.rate", equalTo("FPIR"));
        identify(token(), photo("kit_harington_1.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"))
                .body("subjectId", nullValue()).body("score", nullValue()).body("allowedMethods", hasItem("PIN"));
    }

    @Test
    void aWithdrawalDropsTheSubjectOutOfTheGalleryAtOnce() {
        identify(token(), photo("biden_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(biden));
        UUID tenantId = registry.findBySlug(tenant).orElseThrow().id;
        assertThat(galleries.holdsAnywhere(tenantId, UUID.fromString(biden))).isTrue();

        given().header("Authorization", "Portal " + bidenPersonal).contentType(ContentType.JSON)
                .post("/portal/" + tenant + "/consents/member-identification/withdraw").then().statusCode(200);
        // This replica applied the change when the withdrawal committed, before answering.
        assertThat(galleries.holdsAnywhere(tenantId, UUID.fromString(biden))).isFalse();
        identify(token(), photo("biden_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"));
        // 1:1 verification is a separate consent and still works.
        verify(token(), "SUBJECT_REF", "biden-ref", photo("biden_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED"));
    }

    @Test
    void aDeviceOfAnotherTenantCannotVerifyThisTenantsSubjects() {
        String other = Devices.token(otherTenant, otherDevice);
        verify(other, "SUBJECT_REF", "obama-ref", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("unknown_claim")).body("subjectId", nullValue());
        identify(other, photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("subjectId", nullValue());
        // Its token is refused on this tenant's admin routes too.
        given().auth().oauth2(other).get(api(tenant, "/sites")).then().statusCode(403);
    }

    @Test
    void aRevokedDeviceIsRefusedOnFaceEndpoints() {
        Devices.Registered doomed = Devices.register(admin, tenant, site, "Doomed gate");
        String doomedToken = Devices.token(tenant, doomed);
        given().auth().oauth2(admin).post(api(tenant, "/devices/" + doomed.id() + "/revoke")).then().statusCode(200);
        verify(doomedToken, "SUBJECT_REF", "obama-ref", photo("obama_2.jpg")).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("device_revoked"));
        identify(doomedToken, photo("obama_2.jpg")).then().statusCode(403).body("code", equalTo("device_revoked"));
    }

    @Test
    void afterTooManyMissesTheDeviceIsToldToUseAnAlternative() {
        Devices.Registered gate = Devices.register(admin, tenant, site, "Miss gate");
        String t = Devices.token(tenant, gate);
        for (int i = 0; i < 2; i++) {
            verify(t, "SUBJECT_REF", "obama-ref", photo("kit_harington_2.jpg")).then().statusCode(200)
                    .body("decision", equalTo("DENIED")).body("reason", equalTo("face_mismatch"));
        }
        verify(t, "SUBJECT_REF", "obama-ref", photo("kit_harington_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("face_attempts_exhausted"));
        verify(t, "SUBJECT_REF", "obama-ref", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("face_attempts_exhausted"));
    }

    @Test
    void badInputToTheFaceEndpointsGetsProblems() {
        String t = token();
        problem(post(t, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "obama-ref"), "image", "%%%not base64")), 400, "invalid_image_encoding");
        problem(verify(t, "SUBJECT_REF", "obama-ref", "GIF89a this is not a photo".getBytes()), 415, "unsupported_image");
        problem(verify(t, "SUBJECT_REF", "obama-ref", java.util.Arrays.copyOf(photo("obama_2.jpg"), 2000)), 400, "corrupt_image");
        problem(verify(t, "SUBJECT_REF", "obama-ref", photo("multi_obama_and_biden.jpg")), 422, "multiple_faces");
        problem(verify(t, "QR", "whatever", photo("obama_2.jpg")), 400, "claim_not_allowed");
        problem(post(t, "/verify", Map.of("image", b64(photo("obama_2.jpg")))), 400, "validation_failed");
        problem(post(t, "/verify", Map.of("claim", Map.of("type", "IRIS", "value", "x"), "image", "AA==")), 400, "invalid_value");
        problem(post(t, "/identify", Map.of()), 400, "validation_failed");
        problem(post(t, "/identify", Map.of("image", b64(photo("obama_2.jpg")), "subject", "x")), 400, "unknown_field");
        problem(identify(t, new byte[0]), 400, null);
        problem(given().auth().oauth2(t).contentType(ContentType.JSON).body("{\"image\":\"" + "A".repeat(5 * 1024 * 1024) + "\"}")
                .post("/api/v1/device/identify"), 413, "request_too_large");
        problem(given().auth().oauth2(t).contentType("image/jpeg").body(photo("obama_2.jpg")).post("/api/v1/device/identify"), 415, null);
        problem(given().contentType(ContentType.JSON).body(Map.of("image", "AA==")).post("/api/v1/device/identify"), 401, null);
    }

    @Test
    void faceDecisionsAreAuditedWithoutBiometricDataAndTheChainVerifies() {
        String entry = verify(token(), "SUBJECT_REF", "obama-ref", photo("obama_4.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).extract().path("auditEntryId");
        given().auth().oauth2(admin).get(api(tenant, "/audit?action=access.face_1_1&subjectRef=" + obama)).then().statusCode(200)
                .body("items.id", hasItem(entry))
                .body("items.find { it.id == '" + entry + "' }.purpose", equalTo("gate-verification"))
                .body("items.find { it.id == '" + entry + "' }.details.purposeKind", equalTo("FACE_VERIFICATION"))
                .body("items.find { it.id == '" + entry + "' }.details.reason", equalTo("face_match"))
                .body("items.find { it.id == '" + entry + "' }.details.score", notNullValue());
        String export = given().auth().oauth2(admin).get(api(tenant, "/audit/export")).then().statusCode(200).extract().asString();
        assertThat(export).contains("access.face_1_1", "biometric.templates.read")
                .doesNotContain(b64(photo("obama_4.jpg")).substring(0, 64)).doesNotContain("246810");
        given().auth().oauth2(admin).post(api(tenant, "/audit/verify")).then().statusCode(200).body("valid", equalTo(true));
    }

    // ------------------------------------------------------------------ helpers

    private static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).isEqualTo(code);
        }
    }

    /** The site's 1:1 threshold (FAR 0.001) under the configured pack's calibration. */
    private float farThreshold() {
        return calibration.threshold(0.001).orElseThrow();
    }

    private static String token() {
        return Devices.token(tenant, device);
    }

    static Response verify(String token, String claimType, String claim, byte[] image) {
        return post(token, "/verify", Map.of("claim", Map.of("type", claimType, "value", claim), "image", b64(image)));
    }

    static Response identify(String token, byte[] image) {
        return post(token, "/identify", Map.of("image", b64(image)));
    }

    private static Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/device" + path);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static final Map<String, String> CONTACTS = new java.util.HashMap<>();

    private static String subject(String ref) {
        String id = io.consentry.testing.Portal.subject(admin, tenant, ref);
        CONTACTS.put(id, io.consentry.testing.Portal.contact(tenant, ref));
        return id;
    }

    /** The subject opens the invitation link mailed to them. */
    private static String session(String subjectId) {
        return io.consentry.testing.Portal.session(admin, tenant, subjectId, CONTACTS.get(subjectId));
    }

    private static Response decide(String session, String purpose, String decision) {
        List<Map<String, Object>> purposes = asSubject(session).get("/portal/" + tenant + "/purposes").then().statusCode(200).extract().path("$");
        String hash = purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
        Response response = asSubject(session).body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions");
        response.then().statusCode(201);
        return response;
    }

    private static void enrol(String session, byte[] image) {
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(image)
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
    }

    private static RequestSpecification asSubject(String session) {
        return given().header("Authorization", "Portal " + session).contentType(ContentType.JSON);
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private static String api(String slug, String path) {
        return "/api/v1/tenants/" + slug + path;
    }

}
