package io.consentry.ui;

import io.consentry.testing.Mailbox;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URL;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser journey of minors and subject requests (ui/e2e/minors.e2e.mjs): a child created with a birth date, a
 * guardian linked and invited by mail, the guardian granting for the child in English and in Chinese, a subject filing
 * an access request in the portal and the admin answering it from the queue. Then checks that the server recorded what
 * the browser did.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class MinorsJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aGuardianConsentsForAChildAndAnAdminAnswersARequest() throws Exception {
        BrowserRun.requireChromium();
        String slug = Tenants.uniqueSlug("minors-ui");
        Tenants.create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        String user = "admin-" + slug;
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, user, password, "tenant-admin");
        String admin = Users.signIn(slug, user, password);
        String api = "/api/v1/tenants/" + slug;
        for (String[] p : new String[][]{{"gate", "FACE_VERIFICATION", "Gate verification"}, {"mood", "ATTRIBUTE_ANALYSIS", "Mood analysis"}}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(io.consentry.testing.Purposes.body(p[0], p[2], p[1], 30, "We use the face for: " + p[2] + ".\nRefusing costs nothing."))
                    .post(api + "/purposes").then().statusCode(201);
        }
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        String adult = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "unit-7c", "displayName", "Chen Jie", "contact", "chen.jie@" + slug + ".example.test"))
                .post(api + "/subjects").then().statusCode(201).extract().path("id");
        Portal.invite(admin, slug, adult, "EMAIL").then().statusCode(201);
        Mailbox answers = Mailbox.of("chen.jie@" + slug + ".example.test");
        String guardianEmail = "wang.fang@" + slug + ".example.test";

        BrowserRun.run("minors.e2e.mjs", base, Map.of(
                "E2E_TENANT", slug,
                "E2E_ADMIN_USER", user,
                "E2E_ADMIN_PASSWORD", password,
                "E2E_MAILBOX_URL", Mailbox.url(),
                "E2E_GUARDIAN_EMAIL", guardianEmail,
                "E2E_SUBJECT_EMAIL", "chen.jie@" + slug + ".example.test",
                "E2E_FIRST_PURPOSE", "gate",
                "E2E_SECOND_PURPOSE", "mood",
                "E2E_CHILD_BIRTH_DATE", LocalDate.now().minusYears(8).toString()));

        // The child is a minor, both grants were made by the guardian (the audit names them), none by the child.
        List<Map<String, Object>> children = given().auth().oauth2(admin).queryParam("q", "child-3b").get(api + "/subjects")
                .then().statusCode(200).extract().path("items");
        assertThat(children).singleElement().satisfies(c -> assertThat(c.get("minor")).isEqualTo(true));
        String child = (String) children.get(0).get("id");
        String guardian = given().auth().oauth2(admin).get(api + "/subjects/" + child + "/guardians").then().statusCode(200)
                .extract().path("[0].guardianId");
        List<String> actors = given().auth().oauth2(admin).queryParam("subjectRef", child).queryParam("action", "consent.granted")
                .get(api + "/audit").then().statusCode(200).extract().path("items.actorId");
        assertThat(actors).containsExactly(guardian, guardian);
        // The request was answered, and the answer reached the subject by mail.
        given().auth().oauth2(admin).queryParam("status", "ANSWERED").get(api + "/requests").then().statusCode(200)
                .body("items[0].subjectId", org.hamcrest.Matchers.equalTo(adult));
        assertThat(answers.nextWithSubject("Your request: answered").text()).contains("Download my data");
        assertThat(Files.list(BrowserRun.SCREENSHOTS).map(f -> f.getFileName().toString()))
                .contains("minors-01-console-guardian-linked.png", "minors-02-guardian-grants-en.png",
                        "minors-03-guardian-grants-zh.png", "minors-04-portal-request-filed.png", "minors-05-console-request-answered.png");
    }
}
