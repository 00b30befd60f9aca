package io.consentry.subjectrequest;

import io.consentry.consent.ConsentFixtures;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Mailbox;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Data-subject requests on the real servers: filed in the portal, due by the jurisdiction's statutory days, queued for
 * the admin, answered by mail and in the portal; an accepted erasure runs the erasure; overdue requests are flagged;
 * nobody reaches another subject's or another tenant's requests.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SubjectRequestsTest {

    @Inject
    Keycloak keycloak;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    SubjectRequests requests;

    @Test
    void anAccessRequestIsQueuedTakenAndAnsweredByMailAndInThePortal() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("asker");
        String session = t.session(subject);
        Response filed = t.asSubject(session).body(Map.of("type", "ACCESS")).post(t.portal("/requests"));
        filed.then().statusCode(201).body("status", equalTo("OPEN")).body("jurisdiction", equalTo("CN"));
        String id = filed.path("id");
        Instant filedAt = Instant.parse(filed.path("filedAt"));
        // CN: 15 days (consentry.requests.deadline-days.CN).
        assertThat(Duration.between(filedAt, Instant.parse(filed.path("dueAt")))).isEqualTo(Duration.ofDays(15));

        t.asAdmin().get(t.api("/requests")).then().statusCode(200)
                .body("items[0].id", equalTo(id)).body("items[0].type", equalTo("ACCESS")).body("items[0].overdue", equalTo(false))
                .body("open", equalTo(1)).body("overdue", equalTo(0));
        t.asAdmin().post(t.api("/requests/" + id + "/start")).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));

        Mailbox box = t.inbox(subject);
        t.asAdmin().body(Map.of("answer", "Your data export is ready in your portal under 'My data'."))
                .post(t.api("/requests/" + id + "/answer")).then().statusCode(200).body("status", equalTo("ANSWERED"));
        Mailbox.Mail mail = box.nextWithSubject("Your request: answered");
        assertThat(mail.text()).contains("Your data export is ready in your portal");
        t.asSubject(session).get(t.portal("/requests/" + id)).then().statusCode(200)
                .body("status", equalTo("ANSWERED")).body("answer", equalTo("Your data export is ready in your portal under 'My data'."));

        assertProblem(t.asAdmin().body(Map.of("answer", "again")).post(t.api("/requests/" + id + "/answer")), 409, "request_closed");
        assertProblem(t.asAdmin().post(t.api("/requests/" + id + "/start")), 409, "request_closed");
        // Every status change is in the audit.
        for (String action : List.of("request.filed", "request.in-progress", "request.answered")) {
            t.asAdmin().get(t.api("/audit?subjectRef=" + subject + "&action=" + action)).then().statusCode(200)
                    .body("items.size()", equalTo(1));
        }
    }

    @Test
    void aCorrectionSaysWhatIsWrongAndCanBeRejectedWithReasons() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("corrector");
        String session = t.session(subject);
        assertProblem(t.asSubject(session).body(Map.of("type", "CORRECTION")).post(t.portal("/requests")), 400, "request_details_required");
        assertProblem(t.asSubject(session).body(Map.of("details", "x")).post(t.portal("/requests")), 400, "validation_failed");
        assertProblem(t.asSubject(session).body(Map.of("type", "EVERYTHING")).post(t.portal("/requests")), 400, "invalid_value");
        assertProblem(t.asSubject(session).body("{\"type\":").post(t.portal("/requests")), 400, "malformed_json");
        assertThat(t.asSubject(session).get(t.portal("/requests")).then().statusCode(200).extract().<List<?>>path("$")).isEmpty();

        String id = t.asSubject(session).body(Map.of("type", "CORRECTION", "details", "My name is spelt Zhang, not Chang."))
                .post(t.portal("/requests")).then().statusCode(201).extract().path("id");
        t.asAdmin().get(t.api("/requests/" + id)).then().statusCode(200).body("details", equalTo("My name is spelt Zhang, not Chang."));
        assertProblem(t.asAdmin().body(Map.of("answer", " ")).post(t.api("/requests/" + id + "/reject")), 400, "validation_failed");
        Mailbox box = t.inbox(subject);
        t.asAdmin().body(Map.of("answer", "We could not confirm the new spelling; please show an ID at the desk."))
                .post(t.api("/requests/" + id + "/reject")).then().statusCode(200).body("status", equalTo("REJECTED"));
        assertThat(box.nextWithSubject("Your request: refused").text()).contains("please show an ID at the desk");
        t.asAdmin().get(t.api("/requests?status=REJECTED")).then().statusCode(200).body("items[0].id", equalTo(id));
        t.asAdmin().get(t.api("/requests?status=OPEN")).then().statusCode(200).body("items.size()", equalTo(0));
        assertProblem(t.asAdmin().get(t.api("/requests?status=LOST")), 400, "invalid_parameter");
    }

    @Test
    void anAcceptedErasureRequestRunsTheErasure() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("leaver");
        String session = t.session(subject);
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        Mailbox box = t.inbox(subject);
        String id = t.asSubject(session).body(Map.of("type", "ERASURE", "details", "I moved out."))
                .post(t.portal("/requests")).then().statusCode(201).extract().path("id");

        t.asAdmin().body(Map.of("answer", "Your data has been erased.")).post(t.api("/requests/" + id + "/answer"))
                .then().statusCode(200).body("status", equalTo("ANSWERED")).body("details", org.hamcrest.Matchers.nullValue());
        assertThat(box.nextWithSubject("Your request: answered").text()).contains("Your data has been erased.");
        t.asAdmin().get(t.api("/subjects/" + subject)).then().statusCode(200).body("erasedAt", org.hamcrest.Matchers.notNullValue());
        t.asAdmin().get(t.api("/audit?subjectRef=" + subject + "&action=subject.erased")).then().statusCode(200)
                .body("items.size()", equalTo(1));
        // The erasure revoked the subject's tokens.
        assertThat(t.asSubject(session).get(t.portal("/requests")).statusCode()).isEqualTo(401);
    }

    @Test
    void anOpenRequestPastItsDeadlineIsFlaggedOverdueOnce() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("waiter");
        String session = t.session(subject);
        String id = t.asSubject(session).body(Map.of("type", "ACCESS")).post(t.portal("/requests")).then().statusCode(201)
                .extract().path("id");
        var tenant = registry.findBySlug(t.slug).orElseThrow();
        assertThat(work.as(tenant, () -> requests.flagOverdue(Instant.now().plus(Duration.ofDays(14))))).isZero();
        assertThat(work.as(tenant, () -> requests.flagOverdue(Instant.now().plus(Duration.ofDays(16))))).isEqualTo(1);
        assertThat(work.as(tenant, () -> requests.flagOverdue(Instant.now().plus(Duration.ofDays(17))))).as("once").isZero();

        t.asAdmin().get(t.api("/requests?overdue=true")).then().statusCode(200)
                .body("items[0].id", equalTo(id)).body("items[0].overdue", equalTo(true)).body("overdue", equalTo(1));
        t.asAdmin().get(t.api("/audit?subjectRef=" + subject + "&action=request.overdue")).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].details.requestId", equalTo(id));
        t.asSubject(session).get(t.portal("/requests/" + id)).then().statusCode(200).body("overdue", equalTo(true));
        // Answered, it is no longer overdue.
        t.asAdmin().body(Map.of("answer", "Sorry for the delay.")).post(t.api("/requests/" + id + "/answer")).then().statusCode(200)
                .body("overdue", equalTo(false));
        t.asAdmin().get(t.api("/requests")).then().statusCode(200).body("overdue", equalTo(0));
    }

    @Test
    void nobodyReachesAnotherSubjectsOrAnotherTenantsRequests() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        ConsentFixtures other = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String alice = t.createSubject("alice");
        String bob = t.createSubject("bob");
        String aliceSession = t.session(alice);
        String bobSession = t.session(bob);
        String id = t.asSubject(aliceSession).body(Map.of("type", "ACCESS")).post(t.portal("/requests")).then().statusCode(201)
                .extract().path("id");

        assertProblem(t.asSubject(bobSession).get(t.portal("/requests/" + id)), 404, "request_not_found");
        assertThat(t.asSubject(bobSession).get(t.portal("/requests")).then().statusCode(200).extract().<List<?>>path("$")).isEmpty();
        assertProblem(t.asSubject(bobSession).get(t.portal("/requests?for=" + alice)), 404, "ward_not_found");
        assertProblem(t.asSubject(bobSession).body(Map.of("type", "ERASURE")).post(t.portal("/requests?for=" + alice)), 404,
                "ward_not_found");

        for (String path : List.of("/requests/" + id, "/requests/" + UUID.randomUUID())) {
            assertProblem(other.asAdmin().get(other.api(path)), 404, "request_not_found");
        }
        assertProblem(other.asAdmin().body(Map.of("answer", "x")).post(other.api("/requests/" + id + "/answer")), 404, "request_not_found");
        assertProblem(other.asAdmin().post(other.api("/requests/" + id + "/start")), 404, "request_not_found");
        assertThat(t.asAdmin().get(t.api("/requests/" + id)).then().statusCode(200).extract().<String>path("status")).isEqualTo("OPEN");
        assertProblem(t.asAdmin().get(t.api("/requests/not-a-uuid")), 404, "not_found");
    }

    @Test
    void aGuardianFilesForTheirWard() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String child = io.consentry.minors.MinorsTestAccess.child(t, "small", LocalDate.now().minusYears(6));
        String session = io.consentry.minors.MinorsTestAccess.guardianSession(t, child, "mum");
        String id = t.asSubject(session).body(Map.of("type", "ACCESS")).post(t.portal("/requests?for=" + child)).then().statusCode(201)
                .body("subjectId", equalTo(child)).body("byGuardian", equalTo(true)).extract().path("id");
        t.asSubject(session).get(t.portal("/requests?for=" + child)).then().statusCode(200).body("[0].id", equalTo(id));
        // The guardian's own requests are not the child's.
        t.asSubject(session).get(t.portal("/requests")).then().statusCode(200).body("size()", equalTo(0));
    }
}
