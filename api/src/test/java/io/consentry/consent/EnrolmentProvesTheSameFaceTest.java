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

import java.util.List;
import java.util.Map;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole 3 of issue 13, tried the way it was found: with the subject's two-year personal link, another person's selfie
 * was enrolled, and that person was then GRANTED as the subject. Now a face added through the link must match the
 * enrolled one (through the consent enforcement point, at the pack's strictest calibrated threshold); a face that
 * does not match can only replace the enrolled one, explicitly, from a fresh invitation; and a subject holds at most
 * three templates.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class EnrolmentProvesTheSameFaceTest {

    @Inject
    Keycloak keycloak;

    @Test
    void whoeverHoldsThePersonalLinkCannotSwapTheFace() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-31");
        String session = t.session(subject);
        String personal = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        t.enrol(session, photo("obama_1.jpg")).then().statusCode(201);
        String gate = gate(t);

        // Another person's selfie through the personal link: refused, audited, nothing stored.
        assertProblem(t.enrol(personal, photo("biden_1.jpg")), 403, "face_not_verified");
        assertThat(t.consentsOf(subject)).containsEntry("templates", 1);
        assertThat(refusals(t, subject, "refused:face_not_verified")).isEqualTo(1);
        // Explicit replacement is not for the personal link either.
        assertProblem(enrol(t, personal, "biden_1.jpg", Map.of("replaceAll", true)), 403, "fresh_invitation_required");
        // So the other person is not the subject at the gate.
        verify(gate, "flat-31", "biden_2.jpg").then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("DENIED"));

        // The subject's own new selfie through the link is added.
        Mailbox inbox = t.inbox(subject);
        Response added = t.enrol(personal, photo("obama_2.jpg"));
        added.then().statusCode(201);
        assertThat(added.<Float>path("matchScore")).isGreaterThanOrEqualTo(0.3352f);
        assertThat(inbox.nextWithSubject("A face was enrolled in your name").text()).contains("personal link");
        verify(gate, "flat-31", "obama_3.jpg").then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));
    }

    @Test
    void aFaceThatDoesNotMatchReplacesTheEnrolledOneOnlyFromAFreshInvitation() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-32");
        String first = t.session(subject);
        t.decide(first, "gate-verification", "GRANT").then().statusCode(201);
        t.enrol(first, photo("obama_1.jpg")).then().statusCode(201);
        String gate = gate(t);

        // Even from an invitation session, a different face is not silently added next to the enrolled one...
        String fresh = t.session(subject);
        assertProblem(t.enrol(fresh, photo("rose_leslie_1.jpg")), 403, "face_not_verified");
        // ...it replaces it, explicitly, and the replacement is audited and told to the subject.
        Response replaced = enrol(t, fresh, "rose_leslie_1.jpg", Map.of("replaceAll", true));
        replaced.then().statusCode(201);
        assertThat(replaced.<Integer>path("templates")).isEqualTo(1);
        assertThat(replaced.<Integer>path("templatesRemoved")).isEqualTo(1);
        Map<String, Object> entry = t.asAdmin().queryParam("action", "enrolment.replaced").queryParam("subjectRef", subject)
                .get(t.api("/audit")).then().statusCode(200).extract().path("items[0]");
        assertThat(entry).isNotNull();
        verify(gate, "flat-32", "obama_2.jpg").then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("DENIED"));
        verify(gate, "flat-32", "rose_leslie_2.jpg").then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));
    }

    @Test
    void aSubjectHoldsAtMostThreeTemplatesAndReplacesOneExplicitly() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-33");
        String session = t.session(subject);
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        String oldest = t.enrol(session, photo("obama_1.jpg")).then().statusCode(201).extract().path("templateId");
        t.enrol(session, photo("obama_2.jpg")).then().statusCode(201);
        t.enrol(session, photo("obama_3.jpg")).then().statusCode(201);
        assertProblem(t.enrol(session, photo("obama_4.jpg")), 409, "template_limit_reached");
        assertProblem(enrol(t, session, "obama_4.jpg", Map.of("replaces", java.util.UUID.randomUUID())), 404, "template_not_found");
        Response swapped = enrol(t, session, "obama_4.jpg", Map.of("replaces", oldest));
        swapped.then().statusCode(201);
        assertThat(swapped.<Integer>path("templates")).isEqualTo(3);
        List<String> ids = t.asSubject(session).get(t.portal("/templates")).then().statusCode(200).extract().path("id");
        assertThat(ids).hasSize(3).doesNotContain(oldest).contains((String) swapped.path("templateId"));
    }

    @Test
    void aFirstFaceNeedsAFreshInvitationNotThePersonalLink() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("flat-34");
        String session = t.session(subject);
        String personal = t.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        // Someone holding only the link cannot give the subject a face at all.
        assertProblem(t.enrol(personal, photo("kit_harington_1.jpg")), 403, "fresh_invitation_required");
        assertThat(t.consentsOf(subject)).containsEntry("templates", 0);
        t.enrol(session, photo("kit_harington_1.jpg")).then().statusCode(201);
    }

    // ------------------------------------------------------------------ helpers

    private static Response enrol(ConsentFixtures t, String token, String photo, Map<String, Object> query) {
        return given().header("Authorization", "Portal " + token).contentType("image/jpeg").queryParams(query)
                .body(photo(photo)).post(t.portal("/enrolment"));
    }

    /** A site whose gate verifies subjects by reference under gate-verification; returns a device token. */
    private static String gate(ConsentFixtures t) {
        String site = Devices.createSite(t.admin, t.slug, "Gate");
        t.asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                "verificationPurpose", "gate-verification", "livenessRequired", false, "faceAttemptsBeforeFallback", 10))
                .put(t.api("/sites/" + site + "/policy")).then().statusCode(200);
        return Devices.token(t.slug, Devices.register(t.admin, t.slug, site, "Gate 1"));
    }

    private static Response verify(String device, String ref, String photo) {
        return given().auth().oauth2(device).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", ref),
                        "image", java.util.Base64.getEncoder().encodeToString(photo(photo))))
                .post("/api/v1/device/verify");
    }

    private static int refusals(ConsentFixtures t, String subject, String outcome) {
        List<?> items = t.asAdmin().queryParam("action", "enrolment").queryParam("subjectRef", subject).queryParam("outcome", outcome)
                .get(t.api("/audit")).then().statusCode(200).extract().path("items");
        return items.size();
    }
}
