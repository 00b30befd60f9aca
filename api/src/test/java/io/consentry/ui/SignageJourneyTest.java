package io.consentry.ui;

import io.consentry.signage.SignReading;
import io.consentry.testing.Devices;
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
import static org.hamcrest.Matchers.equalTo;

/**
 * The signage part of issue 17 in Debian Chromium through ui/e2e/signage.e2e.mjs: the public notice of a site in
 * English and Chinese, a refuser who gets a one-time QR code in the portal (then let in with it at a real device), the
 * console's links and retention report. The sign PDFs' first pages are rendered here (PDFBox) into the screenshots.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SignageJourneyTest {

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL base;

    @Test
    void publicNoticeSignAndARefusersQrCodeInARealBrowser() throws Exception {
        BrowserRun.requireChromium();
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "signage", "COMPOUND");
        String slug = t.slug();
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, "admin-" + slug, password, "tenant-admin");
        BrowserRun.allowConsoleRedirects(keycloak, slug, base);
        String site = Devices.createSite(t.admin(), slug, "North Gate");
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "QR", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", false))
                .put("/api/v1/tenants/" + slug + "/sites/" + site + "/policy").then().statusCode(200);
        String kiosk = Devices.token(slug, Devices.register(t.admin(), slug, site, "North Gate kiosk"));
        String refuser = Portal.subject(t.admin(), slug, "refuser-1");
        Portal.invite(t.admin(), slug, refuser, "EMAIL").then().statusCode(201);

        // The sign, as printed: the first page of each PDF rendered, its QR code read back to the public page.
        String page = "/public/" + slug + "/sites/" + site;
        for (String lang : List.of("en", "zh")) {
            SignReading.Pdf pdf = SignReading.pdf(given().queryParam("lang", lang).get(page + "/sign.pdf").then().statusCode(200)
                    .extract().asByteArray());
            assertThat(pdf.text()).contains(lang.equals("en") ? "Face recognition in use" : "此处使用人脸识别").contains("North Gate");
            assertThat(SignReading.qr(pdf.firstPage())).isEqualTo("http://127.0.0.1:8080" + page);
            SignReading.save(pdf.firstPage(), BrowserRun.SCREENSHOTS.resolve("signage-sign-" + lang + ".png"));
            // and the PNG sign, as served
            var png = SignReading.png(given().queryParam("lang", lang).get(page + "/sign.png").then().statusCode(200).extract().asByteArray());
            assertThat(SignReading.qr(png)).isEqualTo("http://127.0.0.1:8080" + page);
            SignReading.save(png, BrowserRun.SCREENSHOTS.resolve("signage-sign-png-" + lang + ".png"));
        }

        List<String> output = BrowserRun.run("signage.e2e.mjs", base, Map.of(
                "E2E_TENANT", slug,
                "E2E_SITE", site,
                "E2E_SITE_NAME", "North Gate",
                "E2E_MAILBOX_URL", io.consentry.testing.Mailbox.url(),
                "E2E_REFUSER_EMAIL", Portal.contact(slug, "refuser-1"),
                "E2E_ADMIN_USER", "admin-" + slug,
                "E2E_ADMIN_PASSWORD", password));

        // The QR code the refuser got in the browser opens the gate, once.
        String payload = output.stream().filter(l -> l.startsWith("[e2e] qr-payload ")).map(l -> l.substring("[e2e] qr-payload ".length()))
                .findFirst().orElseThrow();
        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "QR", "qr", payload))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"))
                .body("subjectId", equalTo(refuser));
        try (var shots = Files.list(BrowserRun.SCREENSHOTS)) {
            assertThat(shots.map(f -> f.getFileName().toString())).contains("signage-public-en.png", "signage-public-zh.png",
                    "signage-sign-en.png", "signage-sign-zh.png", "signage-portal-qr.png", "signage-console-site.png",
                    "signage-console-retention.png");
        }
    }
}
