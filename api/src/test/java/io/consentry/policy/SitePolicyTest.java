package io.consentry.policy;

import io.consentry.face.FaceEngine;
import io.consentry.face.pack.ModelPack;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Policies are validated on save; face can never be the only way in. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SitePolicyTest {

    private static String tenant;
    private static String admin;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void tenantWithAdmin() {
        if (admin != null) {
            return;
        }
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("policy");
        Tenants.create(operator, tenant, "BANK");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        // A bank has no identification purpose by default; sites can only identify under one the admin adds.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body("vip-identification", "VIP recognition", "FACE_IDENTIFICATION", 30, "We recognise you among our VIP customers who agreed to it."))
                .post("/api/v1/tenants/" + tenant + "/purposes").then().statusCode(201);
    }

    @Test
    void aNewSiteStartsWithoutFaceMethods() {
        String site = Devices.createSite(admin, tenant, "Branch " + System.nanoTime());
        given().auth().oauth2(admin).get(policy(site)).then().statusCode(200)
                .body("methods", containsInAnyOrder("PIN", "QR", "CARD", "GUARD"))
                .body("livenessRequired", equalTo(false));
    }

    @Test
    void aFaceOnlyPolicyIsRefusedWithAReason() {
        String site = Devices.createSite(admin, tenant, "Branch " + System.nanoTime());
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N"), "faceClaimTypes", List.of("CARD"),
                        "verificationPurpose", "counter-verification", "identificationPurpose", "vip-identification"))
                .put(policy(site)).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("policy_invalid"))
                .body("detail", containsString("Face is the only way in"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("methods", List.of("FACE_1_N")))
                .put(policy(site)).then().statusCode(400).body("code", equalTo("policy_invalid"));
        // Nothing was saved.
        given().auth().oauth2(admin).get(policy(site)).then().statusCode(200)
                .body("methods", containsInAnyOrder("PIN", "QR", "CARD", "GUARD"));
    }

    @Test
    void inconsistentPoliciesAreRefused() {
        String site = Devices.createSite(admin, tenant, "Branch " + System.nanoTime());
        refused(site, Map.of("methods", List.of("FACE_1_1", "PIN"), "verificationPurpose", "counter-verification"), "faceClaimTypes");
        refused(site, Map.of("methods", List.of("PIN"), "faceClaimTypes", List.of("CARD")), "only apply to FACE_1_1");
        refused(site, Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("CARD")),
                "verificationPurpose must name a live purpose of kind FACE_VERIFICATION");
        refused(site, Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("CARD"), "verificationPurpose", "nope"),
                "not a live purpose");
        refused(site, Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "counter-verification"),
                "is of kind FACE_VERIFICATION; FACE_1_N needs a purpose of kind FACE_IDENTIFICATION");
        refused(site, Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "vip-identification", "targetFar", 1e-7), "calibrated");
        refused(site, Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "vip-identification", "targetFar", 2), "strictly between 0 and 1");
        refused(site, Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "vip-identification", "livenessThreshold", 1.5), "between 0 and 1");
        refused(site, Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "vip-identification", "faceAttemptsBeforeFallback", 0), "between 1 and");
        refused(site, Map.of("methods", List.of("PIN"), "openingHours",
                List.of(Map.of("days", List.of("MONDAY"), "from", "18:00", "to", "08:00"))), "end after it starts");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("methods", List.of()))
                .put(policy(site)).then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("methods", List.of("RETINA")))
                .put(policy(site)).then().statusCode(400).body("code", equalTo("invalid_value"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("methods", List.of("PIN"), "colour", "red"))
                .put(policy(site)).then().statusCode(400).body("code", equalTo("unknown_field"));
    }

    @Test
    void aValidPolicyIsSavedWithTheCalibratedThreshold() {
        String site = Devices.createSite(admin, tenant, "Branch " + System.nanoTime());
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.ofEntries(Map.entry("methods", List.of("FACE_1_1", "FACE_1_N", "PIN", "GUARD")),
                        Map.entry("faceClaimTypes", List.of("CARD", "SUBJECT_REF")),
                        Map.entry("verificationPurpose", "counter-verification"),
                        Map.entry("identificationPurpose", "vip-identification"),
                        Map.entry("livenessRequired", true), Map.entry("livenessThreshold", 0.6), Map.entry("targetFar", 0.001),
                        Map.entry("faceAttemptsBeforeFallback", 2),
                        Map.entry("openingHours", List.of(Map.of("days", List.of("MONDAY", "TUESDAY"), "from", "07:30", "to", "19:00")))))
                .put(policy(site)).then().statusCode(200)
                .body("methods", containsInAnyOrder("FACE_1_1", "FACE_1_N", "PIN", "GUARD"))
                .body("verificationPurpose", equalTo("counter-verification"))
                .body("identificationPurpose", equalTo("vip-identification"))
                .body("matchThreshold", equalTo(ModelPack.load(FaceEngine.defaultPackDir(), false).farThresholds().get(0.001)))
                .body("targetFpir", equalTo(0.01f)).body("identification.meetable", equalTo(true))
                .body("faceAttemptsBeforeFallback", equalTo(2))
                .body("openingHours[0].from", equalTo("07:30:00"));
        given().auth().oauth2(admin).get(policy(site)).then().statusCode(200)
                .body("faceClaimTypes", containsInAnyOrder("CARD", "SUBJECT_REF"))
                .body("livenessThreshold", equalTo(0.6f));
    }

    private static void refused(String site, Map<String, Object> body, String why) {
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                .put(policy(site)).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("policy_invalid")).body("detail", containsString(why));
    }

    private static String policy(String site) {
        return "/api/v1/tenants/" + tenant + "/sites/" + site + "/policy";
    }
}
