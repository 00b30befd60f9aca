package io.consentry.notices;

import io.consentry.consent.ConsentFixtures;
import io.consentry.testing.Purposes;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 3: a notice states who processes what, how, where, for how long, what the person can do, why, and
 * what else they can use; every gap is a 400 naming the field; the controller comes from the tenant's profile, frozen
 * at publication; templates exist in Chinese and English for every kind of tenant; the portal shows both languages.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class StructuredNoticesTest {

    @Inject
    Keycloak keycloak;

    @Test
    void aNoticeWithMissingFieldsIsRefusedNamingEachField() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        Map<String, Object> body = Purposes.body("garage-gate", "Garage gate", "FACE_VERIFICATION", 30, "Face at the garage gate.");
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) body.get("noticeContent");
        @SuppressWarnings("unchecked")
        Map<String, Object> en = (Map<String, Object>) ((Map<String, Object>) content.get("texts")).get("en");
        content.put("method", "ONE_TO_N");
        content.remove("processingLocation");
        content.put("thirdPartyDisclosure", true);
        content.put("piiCategory", List.of());
        en.remove("rights");
        en.put("alternatives", " ");
        en.remove("necessityAndImpact");
        en.remove("retention");

        Response refused = t.asAdmin().body(body).post(t.api("/purposes"));
        ConsentFixtures.assertProblem(refused, 400, "validation_failed");
        assertThat(refused.<List<String>>path("errors.field")).containsExactlyInAnyOrder(
                "noticeContent.method", "noticeContent.processingLocation", "noticeContent.thirdPartyName",
                "noticeContent.piiCategory", "noticeContent.texts.en.rights", "noticeContent.texts.en.alternatives",
                "noticeContent.texts.en.necessityAndImpact", "noticeContent.texts.en.retention");
        assertThat(refused.<String>path("detail")).contains("must be ONE_TO_ONE for a FACE_VERIFICATION purpose");
        // Nothing was written.
        ConsentFixtures.assertProblem(t.asAdmin().get(t.api("/purposes/garage-gate")), 404, "purpose_not_found");

        // No structured notice at all; a Chinese notice without its Chinese wording; a language the platform does not know.
        body.remove("noticeContent");
        assertThat(t.asAdmin().body(body).post(t.api("/purposes")).then().statusCode(400).extract().<List<String>>path("errors.field"))
                .containsExactly("noticeContent");
        Map<String, Object> zhOnly = Purposes.body("garage-gate", "Garage gate", "FACE_VERIFICATION", 30, "n");
        zhOnly.put("language", "zh");
        assertThat(t.asAdmin().body(zhOnly).post(t.api("/purposes")).then().statusCode(400).extract().<List<String>>path("errors.field"))
                .containsExactly("noticeContent.texts.zh");
        zhOnly.put("language", "fr");
        assertThat(t.asAdmin().body(zhOnly).post(t.api("/purposes")).then().statusCode(400).extract().<List<String>>path("errors.field"))
                .containsExactly("language");

        // 'templates' is the address of the notice templates, not a purpose code.
        assertThat(t.asAdmin().body(Purposes.body("templates", "T", "FACE_VERIFICATION", 30, "n")).post(t.api("/purposes"))
                .then().statusCode(400).extract().<List<String>>path("errors.field")).containsExactly("code");

        // A new version of an existing notice follows the same rules.
        Map<String, Object> version = Purposes.notice("FACE_VERIFICATION", "Gate and garage.");
        version.remove("content");
        version.put("text", "Only the old free text.");
        assertThat(t.asAdmin().body(version).post(t.api("/purposes/gate-verification/notices")).then().statusCode(400)
                .contentType("application/problem+json").extract().<List<String>>path("errors.field")).containsExactly("content");
        Map<String, Object> wrongType = Purposes.notice("FACE_VERIFICATION", "Gate and garage.");
        ((Map<String, Object>) wrongType.get("content")).put("consentType", "IMPLICIT");
        assertThat(t.asAdmin().body(wrongType).post(t.api("/purposes/gate-verification/notices")).then().statusCode(400)
                .extract().<List<String>>path("errors.field")).containsExactly("content.consentType");
        assertThat(t.asAdmin().get(t.api("/purposes/gate-verification")).then().statusCode(200).extract().<Integer>path("notice.version"))
                .as("no version was published").isEqualTo(1);
        // Malformed JSON and wrong types are problems too, never 500.
        ConsentFixtures.assertProblem(t.asAdmin().body("{\"content\": {\"method\": 7}}").post(t.api("/purposes/gate-verification/notices")),
                400, "invalid_value");
        ConsentFixtures.assertProblem(t.asAdmin().body("{\"content\": ").post(t.api("/purposes/gate-verification/notices")),
                400, "malformed_json");
    }

    @Test
    void noNoticeIsPublishedWhileTheControllerProfileLacksARequiredField() {
        // A tenant onboarded without controller details: the profile starts with the tenant's name only.
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("ctl");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Harbour View Estate", "kind", "COMPOUND", "firstAdmin", Tenants.firstAdmin(slug)))
                .post("/api/v1/platform/tenants").then().statusCode(201);
        String admin = Users.tokenFor(keycloak, slug, "tenant-admin");
        String api = "/api/v1/tenants/" + slug;
        Response profile = given().auth().oauth2(admin).get(api + "/controller");
        profile.then().statusCode(200);
        assertThat(profile.<String>path("controller.name")).isEqualTo("Harbour View Estate");
        assertThat(profile.<List<String>>path("missing")).containsExactly("address", "email", "phone", "policyUrl", "jurisdiction");
        // No notice names an unknown controller: no default purpose yet, and an admin's purpose is refused.
        assertThat(given().auth().oauth2(admin).get(api + "/purposes").then().statusCode(200).extract().<List<?>>path("$")).isEmpty();
        Response refused = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Purposes.body("gate-check", "Gate", "FACE_VERIFICATION", 30, "n")).post(api + "/purposes");
        ConsentFixtures.assertProblem(refused, 409, "controller_incomplete");
        assertThat(refused.<List<String>>path("errors.field")).containsExactly("controller.address", "controller.email",
                "controller.phone", "controller.policyUrl", "controller.jurisdiction");

        // Half filled in: saved, still refused, naming what is left.
        Map<String, Object> partial = new HashMap<>(Map.of("name", "Harbour View Property Ltd.", "address", "9 Quay Street, Ningbo",
                "email", "privacy@harbour.example"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(partial).put(api + "/controller").then().statusCode(200);
        assertThat(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Purposes.body("gate-check", "Gate", "FACE_VERIFICATION", 30, "n"))
                .post(api + "/purposes").then().statusCode(409).extract().<List<String>>path("errors.field"))
                .containsExactly("controller.phone", "controller.policyUrl", "controller.jurisdiction");
        // Badly formed fields are a 400 naming them, and change nothing.
        Map<String, Object> bad = new HashMap<>(partial);
        bad.putAll(Map.of("email", "not-an-address", "policyUrl", "ftp://x", "jurisdiction", "china"));
        Response invalid = given().auth().oauth2(admin).contentType(ContentType.JSON).body(bad).put(api + "/controller");
        ConsentFixtures.assertProblem(invalid, 400, "validation_failed");
        assertThat(invalid.<List<String>>path("errors.field")).containsExactlyInAnyOrder("email", "policyUrl", "jurisdiction");
        assertThat(given().auth().oauth2(admin).get(api + "/controller").then().extract().<String>path("controller.email"))
                .isEqualTo("privacy@harbour.example");

        // Complete: the default purposes are published from the templates, in Chinese first (jurisdiction CN) and English.
        partial.putAll(Map.of("phone", "+86 574 5555 0101", "policyUrl", "https://harbour.example/privacy", "jurisdiction", "CN"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(partial).put(api + "/controller")
                .then().statusCode(200).body("missing", org.hamcrest.Matchers.empty());
        List<Map<String, Object>> purposes = given().auth().oauth2(admin).get(api + "/purposes").then().statusCode(200).extract().path("$");
        assertThat(purposes).extracting(p -> p.get("code")).containsExactly("gate-verification", "member-identification");
        io.restassured.path.json.JsonPath first = io.restassured.path.json.JsonPath.from(
                given().auth().oauth2(admin).get(api + "/purposes/gate-verification").asString());
        assertThat(first.getString("notice.language")).isEqualTo("zh");
        assertThat(first.getString("notice.text")).contains("个人信息处理者", "Harbour View Property Ltd.", "一对一人脸验证");
        assertThat(first.getString("notice.content.controller.policyUrl")).isEqualTo("https://harbour.example/privacy");
        assertThat(first.getString("notice.rendered.en")).contains("Controller: Harbour View Property Ltd.", "1:1 face verification");
        // The admin's changes are in the tenant's audit log.
        assertThat(given().auth().oauth2(admin).queryParam("action", "controller.updated").get(api + "/audit")
                .then().statusCode(200).extract().<List<?>>path("items")).hasSize(2);
        // An auditor may read the profile; only an admin may change it.
        String auditor = Users.tokenFor(keycloak, slug, "auditor");
        given().auth().oauth2(auditor).get(api + "/controller").then().statusCode(200);
        ConsentFixtures.assertProblem(given().auth().oauth2(auditor).contentType(ContentType.JSON).body(partial).put(api + "/controller"),
                403, "forbidden");
    }

    @Test
    void templatesExistInChineseAndEnglishForEveryKindOfTenant() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "MALL");
        for (String kind : List.of("MALL", "BANK", "COMPOUND", "OTHER")) {
            List<Map<String, Object>> templates = t.asAdmin().queryParam("tenantKind", kind).get(t.api("/purposes/templates"))
                    .then().statusCode(200).extract().path("$");
            assertThat(templates).extracting(m -> m.get("purposeKind"))
                    .containsExactly("FACE_VERIFICATION", "FACE_IDENTIFICATION", "ATTRIBUTE_ANALYSIS", "IMAGE_RETENTION");
            for (Map<String, Object> template : templates) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, String>> texts = (Map<String, Map<String, String>>) ((Map<String, Object>) template.get("content")).get("texts");
                assertThat(texts).containsOnlyKeys("en", "zh");
                for (String field : List.of("title", "purpose", "retention", "rights", "necessityAndImpact", "alternatives", "termination")) {
                    assertThat(texts.get("en").get(field)).as(kind + " en " + field).isNotBlank();
                    assertThat(texts.get("zh").get(field)).as(kind + " zh " + field).isNotBlank().containsPattern("\\p{IsHan}");
                }
            }
        }
        // The wording fits the place: a bank's alternatives are not a mall's.
        String bank = t.asAdmin().queryParam("tenantKind", "BANK").get(t.api("/purposes/templates")).then().extract()
                .path("find { it.purposeKind == 'FACE_VERIFICATION' }.content.texts.zh.alternatives");
        assertThat(bank).contains("身份证件");
        ConsentFixtures.assertProblem(t.asAdmin().queryParam("tenantKind", "CASINO").get(t.api("/purposes/templates")), 400, "invalid_parameter");

        // A template, as the console prefills the form with it, publishes as it is.
        Map<String, Object> template = t.asAdmin().get(t.api("/purposes/templates")).then().statusCode(200).extract()
                .path("find { it.purposeKind == 'ATTRIBUTE_ANALYSIS' }");
        Map<String, Object> body = new HashMap<>(Map.of("code", template.get("code"), "title", template.get("title"),
                "kind", "ATTRIBUTE_ANALYSIS", "retentionDays", template.get("retentionDays"), "noticeContent", template.get("content"),
                "assessment", io.consentry.testing.Assessments.body()));
        t.asAdmin().body(body).post(t.api("/purposes")).then().statusCode(201)
                .body("notice.language", org.hamcrest.Matchers.equalTo("zh"))
                .body("notice.rendered.zh", org.hamcrest.Matchers.containsString("本商场"))
                .body("notice.rendered.en", org.hamcrest.Matchers.containsString("the mall"));
    }

    @Test
    void thePortalShowsTheStructuredNoticeInChineseAndEnglishWithTheControllerFrozenAtPublication() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        String subject = t.createSubject("customer-7");
        String session = t.session(subject);
        io.restassured.path.json.JsonPath purposes = io.restassured.path.json.JsonPath.from(
                t.asSubject(session).get(t.portal("/purposes")).then().statusCode(200).extract().asString());
        String p = "find { it.code == 'counter-verification' }.notice.";
        assertThat(purposes.getString(p + "content.method")).isEqualTo("ONE_TO_ONE");
        assertThat(purposes.getString(p + "content.processingLocation")).isEqualTo("PLATFORM");
        assertThat(purposes.getString(p + "content.controller.email")).isEqualTo("privacy@" + t.slug + ".example.test");
        assertThat(purposes.getString(p + "content.texts.zh.rights")).contains("撤回");
        assertThat(purposes.getString(p + "content.texts.en.alternatives")).contains("identity document");
        assertThat(purposes.getString(p + "rendered.zh")).contains("个人信息处理者", "隐私政策", "保存期限", "365天", "不使用人脸的替代方式");
        assertThat(purposes.getString(p + "rendered.en")).contains("Your rights and how to exercise them", "365 days",
                "Where processing happens: on the platform's servers");
        String firstHash = purposes.getString(p + "contentHash");

        // The controller moves: the published version keeps the old address; the next version names the new one.
        Map<String, Object> moved = new HashMap<>(Tenants.controller(t.slug));
        moved.put("address", "200 New Bund Avenue, Shanghai");
        t.asAdmin().body(moved).put(t.api("/controller")).then().statusCode(200);
        assertThat(t.asSubject(session).get(t.portal("/purposes")).then().extract().<String>path(p + "content.controller.address"))
                .isEqualTo("1 Test Road, Pudong, Shanghai");
        // The console starts a new version from the current one: what the admin writes, without what publication adds.
        Map<String, Object> current = new HashMap<>(t.asAdmin().get(t.api("/purposes/counter-verification")).then().extract()
                .<Map<String, Object>>path("notice.content"));
        current.remove("controller");
        current.remove("retentionDays");
        Map<String, Object> next = new HashMap<>(Map.of("content", current));
        next.put("language", "zh");
        Response published = t.asAdmin().body(next).post(t.api("/purposes/counter-verification/notices"));
        published.then().statusCode(201).body("version", org.hamcrest.Matchers.is(2));
        assertThat(published.<String>path("content.controller.address")).isEqualTo("200 New Bund Avenue, Shanghai");
        assertThat(published.<String>path("contentHash")).as("the hash covers the controller").isNotEqualTo(firstHash);
        // The subject answers the version they read: the old hash is outdated, the new one is accepted.
        ConsentFixtures.assertProblem(t.asSubject(session).body(Map.of("purpose", "counter-verification", "decision", "GRANT",
                "noticeHash", firstHash)).post(t.portal("/decisions")), 409, "notice_outdated");
        t.decide(session, "counter-verification", "GRANT").then().statusCode(201);
    }

    @Test
    void anotherTenantsPurposeIsNotFound() {
        ConsentFixtures a = ConsentFixtures.tenant(keycloak, "MALL");
        ConsentFixtures b = ConsentFixtures.tenant(keycloak, "COMPOUND");
        a.addPurpose("mall-only-purpose", "FACE_VERIFICATION");
        // B's admin, on B's routes, cannot reach A's purpose.
        ConsentFixtures.assertProblem(b.asAdmin().body(Purposes.notice("FACE_VERIFICATION", "x"))
                .post(b.api("/purposes/mall-only-purpose/notices")), 404, "purpose_not_found");
        ConsentFixtures.assertProblem(b.asAdmin().get(b.api("/purposes/mall-only-purpose")), 404, "purpose_not_found");
        // B's admin on A's routes is refused outright; A's controller profile is not B's to read or change.
        ConsentFixtures.assertProblem(b.asAdmin().get(a.api("/controller")), 403, "tenant_mismatch");
        ConsentFixtures.assertProblem(b.asAdmin().body(Tenants.controller(b.slug)).put(a.api("/controller")), 403, "tenant_mismatch");
        assertThat(a.asAdmin().get(a.api("/controller")).then().statusCode(200).extract().<String>path("controller.email"))
                .isEqualTo("privacy@" + a.slug + ".example.test");
    }
}
