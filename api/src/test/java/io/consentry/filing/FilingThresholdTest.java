package io.consentry.filing;

import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Mailbox;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The filing threshold on the real servers, set to two people by {@link FilingProfile}: the second enrolment alerts
 * the tenant's admins (mail, dashboard) and the operator, with one dated audit entry, and later enrolments do not
 * repeat it.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(FilingProfile.class)
class FilingThresholdTest {

    @Inject
    Keycloak keycloak;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    FilingThreshold filing;

    @Test
    void crossingTheThresholdAlertsOnceWithADatedAuditEntry() throws Exception {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("filing");
        Tenants.create(operator, slug, "COMPOUND");
        String username = "filing-admin-" + UUID.randomUUID().toString().substring(0, 6);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, username, password, "tenant-admin");
        String admin = Users.signIn(slug, username, password);
        Mailbox adminInbox = Mailbox.of(username + "@example.test");

        enrol(admin, slug, "obama", "obama_1.jpg");
        assertThat(awaitPeople(admin, slug, 1).<Boolean>path("crossed")).isFalse();
        assertThat(audit(admin, slug).<Integer>path("total")).isZero();

        enrol(admin, slug, "biden", "biden_1.jpg");
        // the check after the enrolment's commit raises the alert
        Response crossed = awaitCrossed(admin, slug);
        crossed.then().body("people", equalTo(2)).body("threshold", equalTo(2));
        Response entries = audit(admin, slug);
        entries.then().body("total", equalTo(1)).body("items[0].details.people", equalTo("2"))
                .body("items[0].details.threshold", equalTo("2"))
                .body("items[0].details.date", equalTo(LocalDate.now(ZoneOffset.UTC).toString()));

        Mailbox.Mail mail = adminInbox.nextWithSubject("Filing threshold reached");
        assertThat(mail.text()).contains("2 people").contains("备案");

        given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/dashboard").then().statusCode(200)
                .body("regulatory.filing.crossed", equalTo(true)).body("regulatory.filing.people", equalTo(2));

        // more people, more checks: still the one crossing
        enrol(admin, slug, "rose", "rose_leslie_1.jpg");
        Tenant tenant = registry.findBySlug(slug).orElseThrow();
        work.as(tenant, filing::check);
        work.as(tenant, filing::check);
        awaitPeople(admin, slug, 3);
        audit(admin, slug).then().body("total", equalTo(1));

        // the operator sees every tenant's count, the platform total and the alert
        Response platform = given().auth().oauth2(operator).get("/api/v1/platform/filing");
        platform.then().statusCode(200).body("threshold", equalTo(2))
                .body("tenants.find { it.tenant == '" + slug + "' }.people", equalTo(3))
                .body("alerts.find { it.tenant == '" + slug + "' }.crossed", equalTo(true));
        List<Integer> counts = platform.path("tenants.people");
        assertThat(((Number) platform.path("platformTotal")).longValue())
                .isEqualTo(counts.stream().mapToLong(Integer::longValue).sum()).isGreaterThanOrEqualTo(3);

        // tenant admins do not read the platform view; operators read no tenant's data through it
        assertThat(given().auth().oauth2(admin).get("/api/v1/platform/filing").statusCode()).isEqualTo(403);
        assertThat(given().get("/api/v1/platform/filing").statusCode()).isEqualTo(401);
    }

    private static void enrol(String admin, String slug, String ref, String selfie) {
        String subject = Portal.subject(admin, slug, ref);
        String session = Portal.session(admin, slug, subject, Portal.contact(slug, ref));
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes").then()
                .statusCode(200).extract().path("find { it.code == 'gate-verification' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
    }

    private static Response audit(String admin, String slug) {
        return given().auth().oauth2(admin).queryParam("action", "filing.threshold-crossed")
                .get("/api/v1/tenants/" + slug + "/audit").then().statusCode(200).extract().response();
    }

    private static Response awaitPeople(String admin, String slug, int people) throws InterruptedException {
        return await(admin, slug, r -> ((Number) r.path("people")).intValue() == people);
    }

    private static Response awaitCrossed(String admin, String slug) throws InterruptedException {
        // crossedAt: the check after the enrolment recorded the crossing (crossed alone follows the count)
        return await(admin, slug, r -> Boolean.TRUE.equals(r.path("crossed")) && r.path("crossedAt") != null);
    }

    /** The check runs after the enrolment's commit, off the request: wait for its result, for at most 30 s. */
    private static Response await(String admin, String slug, java.util.function.Predicate<Response> done) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Response r = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/filing").then().statusCode(200).extract().response();
            if (done.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(100);
        }
    }
}
