package io.consentry.ui;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import javax.imageio.ImageIO;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The impact-assessment journey in Debian Chromium (ui/e2e/assessments.e2e.mjs): on a tenant as provisioning leaves
 * it, the admin records the assessment of the seeded gate-verification purpose on the console's form, sees it listed
 * with its PDF, reads the list in Chinese, and a private-space site refuses face on the policy form. Screenshots:
 * api/target/ui-screenshots/assessments-*.png.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AssessmentsJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminRecordsAnAssessmentAndAPrivateSpaceRefusesFace() throws Exception {
        BrowserRun.requireChromium();
        String slug = Tenants.uniqueSlug("pia-ui");
        Tenants.createUnassessed(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        String user = "admin-" + slug;
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, user, password, "tenant-admin");
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);

        BrowserRun.run("assessments.e2e.mjs", base, Map.of("E2E_TENANT", slug, "E2E_ADMIN_USER", user, "E2E_ADMIN_PASSWORD", password));

        // what the browser did is what the server recorded
        String admin = Users.signIn(slug, user, password);
        given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/purposes/gate-verification/assessments").then()
                .statusCode(200).body("inForce", equalTo(true)).body("current.reviewer", equalTo("Wang Fang, data protection officer"));
        List<Map<String, Object>> sites = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/sites").then()
                .statusCode(200).extract().path("");
        assertThat(sites).singleElement().satisfies(s -> assertThat(s).containsEntry("category", "CHANGING_AREA"));
        String site = (String) sites.get(0).get("id");
        given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/sites/" + site + "/policy").then().statusCode(200)
                .body("methods", equalTo(List.of("PIN", "QR", "CARD", "GUARD")));

        // the printable PDF the list links to: its first page, as a screenshot beside the browser's
        String id = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/purposes/gate-verification/assessments")
                .then().extract().path("current.id");
        byte[] pdf = given().auth().oauth2(admin).get("/api/v1/tenants/" + slug + "/assessments/" + id + "/export.pdf")
                .then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Wang Fang, data protection officer").contains("个人信息保护影响评估");
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 100), "png",
                    BrowserRun.SCREENSHOTS.resolve("assessments-05-pdf-first-page.png").toFile());
        }
    }
}
