package io.consentry.access;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.consentry.access.FaceAccessTest.identify;
import static io.consentry.access.FaceAccessTest.verify;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole 5a of issue 13: a withdrawal that commits while a verification is in flight must not yield GRANTED. The test
 * holds the decision right after the engine ran ({@link InFlightDecisions}), withdraws through the portal (which
 * commits), then lets the decision go on: its own transaction re-checks the consent and falls back.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DecisionUnderLiveConsentTest {

    private static String tenant;
    private static String admin;
    private static Devices.Registered device;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void aGateThatVerifiesAndIdentifies() {
        if (admin != null) {
            return;
        }
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "inflight", "COMPOUND");
        tenant = t.slug();
        admin = t.admin();
        String site = Devices.createSite(admin, tenant, "Gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "identificationPurpose", "member-identification",
                        "livenessRequired", false))
                .put("/api/v1/tenants/" + tenant + "/sites/" + site + "/policy").then().statusCode(200);
        device = Devices.register(admin, tenant, site, "Gate 1");
    }

    @AfterEach
    void release() {
        InFlightDecisions.disarm();
    }

    @Test
    void aWithdrawalDuringVerificationEndsInAFallback() throws Exception {
        String personal = enrolledMember("verify-ref", "obama_1.jpg");
        String token = Devices.token(tenant, device);
        verify(token, "SUBJECT_REF", "verify-ref", photo("obama_2.jpg")).then().body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));

        Response decided = duringWithdrawal(() -> verify(token, "SUBJECT_REF", "verify-ref", photo("obama_2.jpg")),
                personal, "gate-verification");
        assertThat((String) decided.path("decision")).isEqualTo("FALLBACK_REQUIRED");
        assertThat((String) decided.path("reason")).isEqualTo("no_face_consent");
        assertThat(decided.<Object>path("score")).as("no score once the consent is gone").isNull();
        assertThat(auditDetail(decided.path("auditEntryId"), "consentChecked")).isEqualTo("after-engine");
    }

    @Test
    void aWithdrawalDuringIdentificationEndsInAFallbackThatNamesNobody() throws Exception {
        String personal = enrolledMember("identify-ref", "biden_1.jpg");
        String token = Devices.token(tenant, device);
        identify(token, photo("biden_2.jpg")).then().body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));

        Response decided = duringWithdrawal(() -> identify(token, photo("biden_2.jpg")), personal, "member-identification");
        assertThat((String) decided.path("decision")).isEqualTo("FALLBACK_REQUIRED");
        assertThat((String) decided.path("reason")).isEqualTo("no_face_consent");
        assertThat(decided.<Object>path("subjectId")).isNull();
    }

    /** Starts the decision, withdraws once the engine ran, then lets the decision finish; returns its answer. */
    private Response duringWithdrawal(Supplier<Response> decision, String personal, String purpose) throws Exception {
        InFlightDecisions.Armed armed = InFlightDecisions.arm();
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(decision);
        assertThat(armed.engineDone().await(60, TimeUnit.SECONDS)).as("the engine ran").isTrue();
        given().header("Authorization", "Portal " + personal).contentType(ContentType.JSON)
                .post("/portal/" + tenant + "/consents/" + purpose + "/withdraw").then().statusCode(200);
        InFlightDecisions.disarm();
        Response response = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response;
    }

    /** A subject who granted both face purposes and enrolled; returns their personal link. */
    private String enrolledMember(String ref, String selfie) {
        String id = Portal.subject(admin, tenant, ref);
        String session = Portal.session(admin, tenant, id, Portal.contact(tenant, ref));
        String personal = null;
        for (String purpose : List.of("gate-verification", "member-identification")) {
            String hash = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                    .then().extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
            String link = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                    .post("/portal/" + tenant + "/decisions").then().statusCode(201).extract().path("personalLink.token");
            personal = personal == null ? link : personal;
        }
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
        return personal;
    }

    private String auditDetail(String entryId, String key) {
        return given().auth().oauth2(admin).queryParam("action", "access.face_1_1")
                .get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(200)
                .extract().path("items.find { it.id == '" + entryId + "' }.details." + key);
    }
}
