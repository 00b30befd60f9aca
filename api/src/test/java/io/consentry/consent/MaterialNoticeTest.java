package io.consentry.consent;

import io.consentry.testing.Devices;
import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
 * Hole 5b of issue 13: a new notice version left earlier grants in force even when the processing changed materially.
 * A version published as material pauses them (NEEDS_RECONSENT): gates fall back to the alternatives, the subject
 * leaves the identification gallery, is told and asked to decide again; a non-material version changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class MaterialNoticeTest {

    @Inject
    Keycloak keycloak;

    @Test
    void aMaterialNoticePausesEarlierGrantsUntilTheSubjectAgreesAgain() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String site = Devices.createSite(t.admin, t.slug, "Gate");
        t.asAdmin().body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "identificationPurpose", "member-identification",
                        "livenessRequired", false))
                .put(t.api("/sites/" + site + "/policy")).then().statusCode(200);
        String device = Devices.token(t.slug, Devices.register(t.admin, t.slug, site, "Gate 1"));
        String subject = t.createSubject("flat-41");
        String session = t.session(subject);
        String personal = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        t.decide(session, "member-identification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("obama_1.jpg")).then().statusCode(201);
        verify(device, "obama_2.jpg").then().body("decision", equalTo("GRANTED"));
        identify(device, "obama_3.jpg").then().body("decision", equalTo("GRANTED"));
        Mailbox inbox = t.inbox(subject);

        // A wording fix is not material: nothing changes.
        t.asAdmin().body(io.consentry.testing.Purposes.notice("FACE_VERIFICATION", "We compare your face with your enrolment at the gate (typo fixed)."))
                .post(t.api("/purposes/gate-verification/notices")).then().statusCode(201).body("material", equalTo(false));
        assertThat(state(t, personal, "gate-verification")).isEqualTo("GRANTED");
        verify(device, "obama_2.jpg").then().body("decision", equalTo("GRANTED"));

        // The gate now also feeds the car park: material. Earlier grants pause.
        t.asAdmin().body(io.consentry.testing.Purposes.notice("FACE_VERIFICATION", "We compare your face at the gate and at the car park barrier.", true))
                .post(t.api("/purposes/gate-verification/notices")).then().statusCode(201).body("material", equalTo(true))
                .body("version", equalTo(3));
        assertThat(state(t, personal, "gate-verification")).isEqualTo("NEEDS_RECONSENT");
        assertThat(state(t, personal, "member-identification")).as("another purpose is not touched").isEqualTo("GRANTED");
        assertThat(inbox.nextWithSubject("Please read the new notice").text()).contains("gate-verification", "version 3");
        verify(device, "obama_2.jpg").then().body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_face_consent"))
                .body("allowedMethods", org.hamcrest.Matchers.hasItem("PIN"));
        identify(device, "obama_3.jpg").then().body("decision", equalTo("GRANTED"));
        // Paused, not withdrawn: the face stays enrolled, and the admin finds who must decide again.
        assertThat(t.consentsOf(subject)).containsEntry("templates", 1);
        Map<String, Object> paused = t.asAdmin().queryParam("purpose", "gate-verification").queryParam("state", "NEEDS_RECONSENT")
                .get(t.api("/subjects")).then().statusCode(200).extract().path("$");
        assertThat(paused.get("total")).isEqualTo(1);
        assertThat(t.asAdmin().queryParam("action", "consent.reconsent-required").queryParam("subjectRef", subject)
                .get(t.api("/audit")).then().statusCode(200).extract().<List<?>>path("items")).hasSize(1);
        // Refusing is not the way out of a standing grant: withdrawing is (or agreeing again).
        ConsentFixtures.assertProblem(t.decide(personal, "gate-verification", "REFUSE"), 409, "consent_active");

        // The subject reads the new notice and agrees: the gate works again.
        t.decide(personal, "gate-verification", "GRANT").then().statusCode(201);
        assertThat(state(t, personal, "gate-verification")).isEqualTo("GRANTED");
        verify(device, "obama_2.jpg").then().body("decision", equalTo("GRANTED"));

        // A material change to identification takes the subject out of the gallery at once.
        t.asAdmin().body(io.consentry.testing.Purposes.notice("FACE_IDENTIFICATION", "Cameras now also recognise members in the shop.", true))
                .post(t.api("/purposes/member-identification/notices")).then().statusCode(201);
        identify(device, "obama_3.jpg").then().body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"));
        // A paused grant can be withdrawn; the face goes only once no grant that needs it stands.
        t.asSubject(personal).post(t.portal("/consents/member-identification/withdraw")).then().statusCode(200);
        assertThat(t.consentsOf(subject)).containsEntry("templates", 1);
    }

    private static String state(ConsentFixtures t, String token, String purpose) {
        return t.asSubject(token).get(t.portal("/purposes")).then().statusCode(200)
                .extract().path("find { it.code == '" + purpose + "' }.state");
    }

    private static Response verify(String device, String photo) {
        return given().auth().oauth2(device).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "flat-41"),
                        "image", Base64.getEncoder().encodeToString(photo(photo))))
                .post("/api/v1/device/verify");
    }

    private static Response identify(String device, String photo) {
        return given().auth().oauth2(device).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(photo(photo))))
                .post("/api/v1/device/identify");
    }
}
