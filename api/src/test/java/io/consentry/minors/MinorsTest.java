package io.consentry.minors;

import io.consentry.consent.ConsentFixtures;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Minors on the real servers: below the age of consent only a linked guardian decides, in their own portal session
 * opened from their own mailed invitation; receipts name the guardian; a guardian of another child (in this tenant
 * or another) is refused; coming of age invites the subject, ends the guardian's rights and keeps the grants.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class MinorsTest {

    private static final String PURPOSE = "gate-verification";

    @Inject
    Keycloak keycloak;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    ComingOfAge comingOfAge;

    @Test
    void aMinorCannotDecideTheGuardianDoesAndTheReceiptNamesTheGuardian() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String child = child(t, "child-a", LocalDate.now().minusYears(9));
        assertThat((Boolean) t.asAdmin().get(t.api("/subjects/" + child)).path("minor")).isTrue();

        // The minor's own session (their own invitation) shows the purposes but decides nothing.
        String childSession = t.session(child);
        assertProblem(t.decide(childSession, PURPOSE, "GRANT"), 403, "guardian_required");
        assertProblem(t.asSubject(childSession).post(t.portal("/consents/" + PURPOSE + "/withdraw")), 403, "guardian_required");

        // The admin links a guardian by name and address; the guardian's invitation goes to the guardian's own address.
        String guardianMail = "parent-a@" + t.slug + ".example.test";
        Mailbox guardianBox = Mailbox.of(guardianMail);
        Response linked = t.asAdmin().body(Map.of("name", "Parent A", "contact", guardianMail, "relationship", "mother"))
                .post(t.api("/subjects/" + child + "/guardians"));
        linked.then().statusCode(201);
        String guardian = linked.path("link.guardianId");
        assertThat((String) linked.path("invitation.sentTo")).startsWith("p***@");
        assertThat(linked.asString()).doesNotContain("#invitation=");
        Mailbox.Mail mail = guardianBox.nextInvitation();
        assertThat(mail.subject()).startsWith("Guardian consent for Person child-a");
        String session = t.redeem(mail.invitationToken()).then().statusCode(201).extract().path("sessionToken");

        // The guardian sees the child and decides for them, per purpose.
        List<Map<String, Object>> wards = t.asSubject(session).get(t.portal("/wards")).then().statusCode(200).extract().path("$");
        assertThat(wards).singleElement().satisfies(w -> {
            assertThat(w.get("id")).isEqualTo(child);
            assertThat(w.get("decides")).isEqualTo(true);
        });
        Response granted = guardianDecides(t, session, child, PURPOSE, "GRANT");
        granted.then().statusCode(201);
        assertThat((String) granted.path("state")).isEqualTo("GRANTED");
        assertThat(consentState(t, child)).isEqualTo("GRANTED");

        // The receipt, signed like every other, says who decided and for whom.
        String receiptId = granted.path("receiptId");
        Map<String, Object> signed = t.asSubject(session).get(t.portal("/wards/" + child + "/receipts/" + receiptId))
                .then().statusCode(200).extract().path("$");
        String key = given().get(t.portal("/receipt-key")).then().statusCode(200).extract().path("tinkPublicKeyset");
        String payload = ConsentFixtures.verifyReceipt(signed, key);
        assertThat(payload).contains("\"decidedBy\":{\"role\":\"GUARDIAN\",\"guardianId\":\"" + guardian + "\",\"guardianName\":\"Parent A\","
                + "\"onBehalfOf\":\"child-a\"}");
        // The child cannot read it as a guardian of themselves; the guardian's own receipts do not hold it.
        assertProblem(t.asSubject(childSession).get(t.portal("/wards/" + child + "/receipts/" + receiptId)), 404, "ward_not_found");

        // The audit records the guardian as the actor, on the child's record.
        t.asAdmin().get(t.api("/audit?subjectRef=" + child + "&action=consent.granted")).then().statusCode(200)
                .body("items[0].actorId", org.hamcrest.Matchers.equalTo(guardian))
                .body("items[0].details.decidedBy", org.hamcrest.Matchers.equalTo("guardian"));

        // The guardian enrols the child's face once granted; withdraws for the child (templates go).
        given().header("Authorization", "Portal " + session).contentType("image/jpeg")
                .body(io.consentry.testing.TestPhotos.photo("biden_1.jpg"))
                .post(t.portal("/wards/" + child + "/enrolment")).then().statusCode(201);
        assertThat(((Number) t.consentsOf(child).get("templates")).intValue()).isEqualTo(1);
        // The child's photo has the selfie's size limit, not the JSON routes' one.
        assertProblem(given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(new byte[11 * 1024 * 1024])
                .post(t.portal("/wards/" + child + "/enrolment")), 413, "image_too_large");
        t.asSubject(session).post(t.portal("/wards/" + child + "/consents/" + PURPOSE + "/withdraw")).then().statusCode(200);
        assertThat(consentState(t, child)).isEqualTo("WITHDRAWN");
        assertThat(((Number) t.consentsOf(child).get("templates")).intValue()).isZero();

        // An admin cannot decide for anyone: realm tokens are refused on the portal, the guardian's routes included.
        Response byAdmin = given().auth().oauth2(t.admin).contentType(ContentType.JSON)
                .body(Map.of("purpose", PURPOSE, "decision", "GRANT", "noticeHash", "x"))
                .post(t.portal("/wards/" + child + "/decisions"));
        assertThat(byAdmin.statusCode()).isIn(401, 403);
        assertThat(byAdmin.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aGuardianCannotActForAChildTheyAreNotLinkedToInThisTenantOrAnother() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        ConsentFixtures other = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String childA = child(t, "kid-a", LocalDate.now().minusYears(8));
        String childB = child(t, "kid-b", LocalDate.now().minusYears(7));
        String otherChild = child(other, "kid-c", LocalDate.now().minusYears(6));
        String sessionA = guardianSession(t, childA, "guardian-a");
        guardianSession(t, childB, "guardian-b");

        for (String notMine : List.of(childB, otherChild, UUID.randomUUID().toString())) {
            assertProblem(t.asSubject(sessionA).get(t.portal("/wards/" + notMine + "/purposes")), 404, "ward_not_found");
            assertProblem(t.asSubject(sessionA).body(Map.of("purpose", PURPOSE, "decision", "GRANT", "noticeHash", "x"))
                    .post(t.portal("/wards/" + notMine + "/decisions")), 404, "ward_not_found");
            assertProblem(t.asSubject(sessionA).post(t.portal("/wards/" + notMine + "/consents/" + PURPOSE + "/withdraw")), 404,
                    "ward_not_found");
        }
        assertThat(consentState(t, childB)).isEqualTo("NONE");
        // The guardian's session is not valid in the other tenant's portal at all.
        Response elsewhere = other.asSubject(sessionA).get(other.portal("/wards"));
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(elsewhere.contentType()).startsWith("application/problem+json");
        // After the admin unlinks, the guardian no longer decides.
        String link = t.asAdmin().get(t.api("/subjects/" + childA + "/guardians")).then().statusCode(200).extract().path("[0].id");
        t.asAdmin().delete(t.api("/subjects/" + childA + "/guardians/" + link)).then().statusCode(204);
        assertProblem(guardianDecides(t, sessionA, childA, PURPOSE, "GRANT"), 404, "ward_not_found");
    }

    @Test
    void comingOfAgeInvitesTheSubjectEndsTheGuardiansRightsAndKeepsTheGrants() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        LocalDate birthday = LocalDate.now().minusYears(14).plusDays(5);
        String teen = child(t, "teen", birthday);
        String guardianSession = guardianSession(t, teen, "guardian-t");
        guardianDecides(t, guardianSession, teen, PURPOSE, "GRANT").then().statusCode(201);

        // The day before the birthday nothing happens; on the day, the subject is mailed an invitation of their own.
        Mailbox teenBox = t.inbox(teen);
        assertThat(runComingOfAge(t, birthday.plusYears(14).minusDays(1))).isZero();
        assertThat(runComingOfAge(t, birthday.plusYears(14))).isEqualTo(1);
        assertThat(runComingOfAge(t, birthday.plusYears(14))).as("told once").isZero();
        Mailbox.Mail mail = teenBox.nextInvitation();
        assertThat(mail.subject()).startsWith("You decide now");

        // The guardian's grant stays as it was; the guardian can no longer decide.
        assertThat(consentState(t, teen)).isEqualTo("GRANTED");
        assertProblem(t.asSubject(guardianSession).post(t.portal("/wards/" + teen + "/consents/" + PURPOSE + "/withdraw")), 403,
                "guardian_not_entitled");
        assertThat((Boolean) t.asAdmin().get(t.api("/subjects/" + teen)).path("minor")).isFalse();
        t.asAdmin().get(t.api("/audit?subjectRef=" + teen + "&action=subject.came-of-age")).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));

        // The subject decides for themselves now, from the mailed invitation.
        String own = t.redeem(mail.invitationToken()).then().statusCode(201).extract().path("sessionToken");
        t.asSubject(own).post(t.portal("/consents/" + PURPOSE + "/withdraw")).then().statusCode(200);
        assertThat(consentState(t, teen)).isEqualTo("WITHDRAWN");
    }

    @Test
    void badInputIsRefusedWithProblems() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        ConsentFixtures other = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String child = child(t, "kid", LocalDate.now().minusYears(5));
        String adult = t.createSubject("grown-up");
        String otherAdult = other.createSubject("elsewhere");

        Map<String, Object> future = subjectBody(t, "future");
        future.put("birthDate", LocalDate.now().plusDays(1).toString());
        Response r = t.asAdmin().body(future).post(t.api("/subjects"));
        assertProblem(r, 400, "validation_failed");
        assertThat(r.asString()).contains("birthDate");
        Map<String, Object> garbage = subjectBody(t, "garbage");
        garbage.put("birthDate", "yesterday");
        assertThat(t.asAdmin().body(garbage).post(t.api("/subjects")).then().extract().statusCode()).isEqualTo(400);
        Map<String, Object> band = subjectBody(t, "band");
        band.put("ageBand", "TODDLER");
        assertThat(t.asAdmin().body(band).post(t.api("/subjects")).contentType()).startsWith("application/problem+json");
        Map<String, Object> both = subjectBody(t, "both");
        both.put("birthDate", "2015-01-01");
        both.put("ageBand", "ADULT");
        assertProblem(t.asAdmin().body(both).post(t.api("/subjects")), 400, "age_conflict");
        assertProblem(t.asAdmin().body(Map.of("birthDate", LocalDate.now().plusYears(1).toString()))
                .put(t.api("/subjects/" + child + "/age")), 400, "validation_failed");
        assertThat(t.asAdmin().get(t.api("/subjects?q=future")).then().statusCode(200).extract().<Integer>path("total")).isZero();

        String guardians = t.api("/subjects/" + child + "/guardians");
        assertProblem(t.asAdmin().body(Map.of("guardianId", UUID.randomUUID().toString())).post(guardians), 400, "guardian_not_found");
        assertProblem(t.asAdmin().body(Map.of("guardianId", otherAdult)).post(guardians), 400, "guardian_not_found");
        assertProblem(t.asAdmin().body(Map.of("guardianId", child)).post(guardians), 400, "guardian_invalid");
        assertProblem(t.asAdmin().body(Map.of("name", "No Address")).post(guardians), 400, "guardian_invalid");
        assertProblem(t.asAdmin().body(Map.of("guardianId", "not-a-uuid")).post(guardians), 400, "invalid_value");
        assertProblem(t.asAdmin().body("{\"guardianId\":").post(guardians), 400, "malformed_json");
        assertProblem(t.asAdmin().body(Map.of("guardianId", adult)).post(t.api("/subjects/" + adult + "/guardians")), 400,
                "guardian_invalid");
        assertProblem(t.asAdmin().body(Map.of("guardianId", child)).post(t.api("/subjects/" + adult + "/guardians")), 409, "not_a_minor");
        // Another tenant's subject in the path is not found here.
        assertProblem(t.asAdmin().body(Map.of("guardianId", adult)).post(t.api("/subjects/" + otherAdult + "/guardians")), 404,
                "subject_not_found");
        assertProblem(t.asAdmin().delete(guardians + "/" + UUID.randomUUID()), 404, "guardian_not_found");
        // Linking an existing adult subject works once; twice is a conflict. Nothing was linked by the refusals above.
        t.asAdmin().body(Map.of("guardianId", adult, "invite", false)).post(guardians).then().statusCode(201);
        assertProblem(t.asAdmin().body(Map.of("guardianId", adult, "invite", false)).post(guardians), 409, "guardian_link_exists");
        assertThat(t.asAdmin().get(guardians).then().statusCode(200).extract().<List<?>>path("$")).hasSize(1);
    }

    private static Map<String, Object> subjectBody(ConsentFixtures t, String ref) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalRef", ref);
        body.put("displayName", "Person " + ref);
        body.put("contact", io.consentry.testing.Portal.contact(t.slug, ref));
        return body;
    }

    /** A subject with a birth date, created the way the console does it. */
    static String child(ConsentFixtures t, String ref, LocalDate birthDate) {
        Map<String, Object> body = subjectBody(t, ref);
        body.put("birthDate", birthDate.toString());
        String id = t.asAdmin().body(body).post(t.api("/subjects")).then().statusCode(201).extract().path("id");
        t.registerContact(id, io.consentry.testing.Portal.contact(t.slug, ref));
        return id;
    }

    /** Links a new guardian to the child and opens the guardian's portal session from the invitation mailed to them. */
    static String guardianSession(ConsentFixtures t, String child, String guardianRef) {
        String address = io.consentry.testing.Portal.contact(t.slug, guardianRef);
        Mailbox box = Mailbox.of(address);
        t.asAdmin().body(Map.of("name", "Guardian " + guardianRef, "contact", address))
                .post(t.api("/subjects/" + child + "/guardians")).then().statusCode(201);
        return t.redeem(box.nextInvitation().invitationToken()).then().statusCode(201).extract().path("sessionToken");
    }

    static Response guardianDecides(ConsentFixtures t, String session, String ward, String purpose, String decision) {
        Response listed = t.asSubject(session).get(t.portal("/wards/" + ward + "/purposes"));
        List<Map<String, Object>> purposes = listed.statusCode() == 200 ? listed.path("$") : null;
        String hash = purposes == null ? "x" : purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElse("x");
        return t.asSubject(session).body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post(t.portal("/wards/" + ward + "/decisions"));
    }

    static String consentState(ConsentFixtures t, String subject) {
        List<Map<String, Object>> consents = (List<Map<String, Object>>) t.consentsOf(subject).get("consents");
        return consents.stream().filter(c -> PURPOSE.equals(c.get("code"))).findFirst().map(c -> (String) c.get("state")).orElse("NONE");
    }

    private int runComingOfAge(ConsentFixtures t, LocalDate today) {
        return work.as(registry.findBySlug(t.slug).orElseThrow(), () -> comingOfAge.run(today));
    }
}
