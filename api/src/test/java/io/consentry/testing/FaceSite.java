package io.consentry.testing;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * A tenant's site that verifies (1:1) and identifies (1:N) faces and takes PIN, QR and guard decisions, with a device,
 * and subjects who consented through the real portal and enrolled a real photo: what a gate integrator tries first.
 */
public final class FaceSite {

    public final String tenant;
    public final String admin;
    public final String site;
    public final Devices.Registered device;

    private FaceSite(String tenant, String admin) {
        this.tenant = tenant;
        this.admin = admin;
        this.site = Devices.createSite(admin, tenant, "Main gate");
        asAdmin().body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN", "QR", "GUARD"),
                        "faceClaimTypes", List.of("SUBJECT_REF"), "verificationPurpose", "gate-verification",
                        "identificationPurpose", "member-identification", "livenessRequired", false, "targetFar", 0.001,
                        "faceAttemptsBeforeFallback", 3))
                .put(api("/sites/" + site + "/policy")).then().statusCode(200);
        this.device = Devices.register(admin, tenant, site, "Gate 1");
    }

    /** A site with a device in the tenant {@code tenant} (which exists), administered with {@code admin}'s token. */
    public static FaceSite in(String tenant, String admin) {
        return new FaceSite(tenant, admin);
    }

    /** A subject {@code ref} who granted both face purposes in the portal and enrolled {@code photo}; returns its id. */
    public String consentingMember(String ref, String photo) {
        String id = Portal.subject(admin, tenant, ref);
        String session = Portal.session(admin, tenant, id, Portal.contact(tenant, ref));
        for (String purpose : List.of("gate-verification", "member-identification")) {
            String hash = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                    .then().statusCode(200).extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
            given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                    .post("/portal/" + tenant + "/decisions").then().statusCode(201);
        }
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(TestPhotos.photo(photo))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
        return id;
    }

    /** Issues a credential ({@code kind} PIN, QR_ONE_TIME, …) to a subject; returns the answer's {@code field}. */
    public String credential(String subjectId, Map<String, Object> body, String field) {
        Map<String, Object> request = new java.util.HashMap<>(body);
        request.put("subjectId", subjectId);
        return asAdmin().body(request).post(api("/credentials")).then().statusCode(201).extract().path(field);
    }

    public RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    public String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }
}
