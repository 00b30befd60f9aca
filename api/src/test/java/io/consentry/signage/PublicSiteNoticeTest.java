package io.consentry.signage;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** A site that processes faces has a public notice and a printable sign, in English and Chinese, with nobody signed in. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class PublicSiteNoticeTest {

    /** The configured public base of the test profile (consentry.public-url). */
    static final String PUBLIC_BASE = "http://127.0.0.1:8080";

    private static Tenants.Pair tenants;
    private static String faceSite;
    private static String plainSite;
    private static String subjectId;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void aCompoundWithAFaceGate() {
        if (tenants != null) {
            return;
        }
        tenants = Tenants.pairWithAdmins(keycloak, "sign", "COMPOUND", "COMPOUND");
        String slug = tenants.first().slug();
        String admin = tenants.first().admin();
        faceSite = Devices.createSite(admin, slug, "North Gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "QR", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification"))
                .put("/api/v1/tenants/" + slug + "/sites/" + faceSite + "/policy").then().statusCode(200);
        plainSite = Devices.createSite(admin, slug, "Bike shed");
        subjectId = Portal.subject(admin, slug, "resident-" + UUID.randomUUID().toString().substring(0, 6));
    }

    private static String page(String slug, String site) {
        return "/public/" + slug + "/sites/" + site;
    }

    @Test
    void theEnglishPageStatesProcessingAlternativesControllerWithdrawalAndRetention() {
        String slug = tenants.first().slug();
        String html = given().get(page(slug, faceSite)).then().statusCode(200)
                .contentType(startsWith("text/html")).header("Content-Language", "en").extract().asString();
        assertThat(html).contains("<html lang=\"en\">", "Face recognition in use", "North Gate",
                "Face verification (1:1)", "Purpose: Face verification at the gates",
                // the purpose's current notice, as published, in the reader's language
                "compares it with the template made from your enrolment selfie (1:1)",
                "PIN code", "QR code", "manual check by the guard",
                "Controller: Tenant " + slug,
                PUBLIC_BASE + "/consent/" + slug, "withdraw",
                "kept at most 365 days", "after 1095 days without use", "longer than 1095 days",
                "href=\"" + page(slug, faceSite) + "/sign.pdf?lang=en\"", "?lang=zh");
        // an alternative the policy does not accept is not offered (the purpose's notice, written for every site of the
        // tenant, may still name it)
        String alternatives = html.substring(html.indexOf("<section aria-labelledby=\"alternatives\">"));
        alternatives = alternatives.substring(0, alternatives.indexOf("</section>"));
        assertThat(alternatives).contains("PIN code").doesNotContain("access card");
        assertThat(html).doesNotContain("<script");
        // nothing about any person
        assertThat(html).doesNotContain(subjectId);
    }

    @Test
    void theChinesePageByQueryOrByBrowserLanguage() {
        String slug = tenants.first().slug();
        String byQuery = given().queryParam("lang", "zh").get(page(slug, faceSite)).then().statusCode(200)
                .header("Content-Language", "zh").extract().asString();
        String byHeader = given().header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").get(page(slug, faceSite))
                .then().statusCode(200).extract().asString();
        for (String html : List.of(byQuery, byHeader)) {
            assertThat(html).contains("<html lang=\"zh\">", "此处使用人脸识别", "North Gate", "人脸验证（1:1）",
                    "处理目的：门禁人脸验证", "PIN 码", "二维码", "保安人工核验",
                    "个人信息处理者：Tenant " + slug, "同意门户", "1095 天", "?lang=en",
                    // the notice in Chinese too: a structured notice holds both languages
                    "与您登记自拍生成的特征模板进行一对一比对");
        }
        // ?lang wins over the browser's language
        assertThat(given().header("Accept-Language", "zh-CN").queryParam("lang", "en").get(page(slug, faceSite))
                .then().statusCode(200).extract().asString()).contains("Face recognition in use");
    }

    @Test
    void noPageForASiteWithoutFaceAnUnknownSiteTenantOrAnotherTenantsSite() {
        String slug = tenants.first().slug();
        String other = tenants.second().slug();
        for (String path : List.of(page(slug, plainSite), page(slug, UUID.randomUUID().toString()), page(slug, "not-a-uuid"),
                page("no-such-tenant-" + UUID.randomUUID().toString().substring(0, 6), faceSite), page(other, faceSite),
                page(other, faceSite) + "/sign.pdf", page(slug, plainSite) + "/sign.png")) {
            given().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("public_page_not_found"));
        }
        // a signed-in admin of the other tenant learns nothing more
        given().auth().oauth2(tenants.second().admin()).get(page(slug, faceSite)).then().statusCode(404)
                .body("code", equalTo("public_page_not_found"));
    }

    @Test
    void thePdfSignHasTheHeadingTheSiteAndAQrCodeOfThePage() throws Exception {
        String slug = tenants.first().slug();
        String url = PUBLIC_BASE + page(slug, faceSite);
        for (String lang : List.of("en", "zh")) {
            Response response = given().queryParam("lang", lang).get(page(slug, faceSite) + "/sign.pdf");
            response.then().statusCode(200).contentType("application/pdf");
            SignReading.Pdf pdf = SignReading.pdf(response.asByteArray());
            assertThat(pdf.pages()).isEqualTo(1);
            // A4 portrait: 595 × 842 points
            assertThat(pdf.widthPt()).isBetween(594f, 596f);
            assertThat(pdf.heightPt()).isBetween(841f, 843f);
            assertThat(pdf.text()).contains(lang.equals("en") ? "Face recognition in use" : "此处使用人脸识别").contains("North Gate")
                    .contains("Tenant " + slug);
            assertThat(SignReading.qr(pdf.firstPage())).isEqualTo(url);
        }
    }

    @Test
    void thePngSignDecodesToTheSamePage() throws Exception {
        String slug = tenants.first().slug();
        for (String lang : List.of("en", "zh")) {
            Response response = given().queryParam("lang", lang).get(page(slug, faceSite) + "/sign.png");
            response.then().statusCode(200).contentType("image/png");
            BufferedImage image = SignReading.png(response.asByteArray());
            assertThat(image.getWidth()).isEqualTo(1240);
            assertThat(image.getHeight()).isEqualTo(1754);
            assertThat(SignReading.qr(image)).isEqualTo(PUBLIC_BASE + page(slug, faceSite));
        }
    }
}
