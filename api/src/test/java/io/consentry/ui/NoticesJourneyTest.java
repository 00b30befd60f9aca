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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structured-notice journey of issue 17 (items 3 and 8) in Debian Chromium through ui/e2e/notices.e2e.mjs: the
 * admin fills in the data controller and publishes a purpose from the notice template; the subject reads the notice
 * in English and Chinese, refuses, and finds the receipt of the refusal.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class NoticesJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminPublishesAStructuredNoticeAndTheSubjectReadsItInBothLanguages() throws Exception {
        BrowserRun.requireChromium();
        // A mall onboarded without its controller details: the admin fills them in in the console.
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("notices");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Riverside Mall", "kind", "MALL", "firstAdmin", Tenants.firstAdmin(slug)))
                .post("/api/v1/platform/tenants").then().statusCode(201);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, "admin-" + slug, password, "tenant-admin");
        String admin = Users.signIn(slug, "admin-" + slug, password);
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        String subject = Portal.subject(admin, slug, "shopper-3");
        Portal.invite(admin, slug, subject, "EMAIL").then().statusCode(201);

        BrowserRun.run("notices.e2e.mjs", base, Map.of(
                "E2E_TENANT", slug,
                "E2E_ADMIN_USER", "admin-" + slug,
                "E2E_ADMIN_PASSWORD", password,
                "E2E_MAILBOX_URL", Mailbox.url(),
                "E2E_SUBJECT_EMAIL", Portal.contact(slug, "shopper-3")));

        // What the browser did is what the server recorded.
        String api = "/api/v1/tenants/" + slug;
        given().auth().oauth2(admin).get(api + "/controller").then().statusCode(200)
                .body("missing", org.hamcrest.Matchers.empty())
                .body("controller.name", org.hamcrest.Matchers.equalTo("Riverside Mall Operations Ltd."));
        given().auth().oauth2(admin).get(api + "/purposes/gate-verification").then().statusCode(200)
                .body("notice.content.controller.email", org.hamcrest.Matchers.equalTo("privacy@riverside.example"))
                .body("notice.content.texts.zh.title", org.hamcrest.Matchers.equalTo("门禁人脸验证"));
        List<String> events = given().auth().oauth2(admin).queryParam("subject", subject).get(api + "/consent-events")
                .then().statusCode(200).extract().path("items.event");
        assertThat(events).containsExactly("REFUSED");
        assertThat(Files.list(BrowserRun.SCREENSHOTS).map(f -> f.getFileName().toString()))
                .contains("notices-02-structured-form.png", "notices-04-portal-en.png", "notices-05-portal-zh.png",
                        "notices-06-refused-receipt.png");
    }
}
