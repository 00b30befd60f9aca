package io.consentry.purpose;

import io.agroal.api.AgroalDataSource;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Assessments;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.Purposes;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Impact assessments on the real servers: a face purpose is used only with an approved assessment (creation, the seeded
 * defaults, the portal, decisions, site policies), versions never change and are kept, exports carry the text.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ImpactAssessmentTest {

    @Inject
    Keycloak keycloak;
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    AssessmentRetention retention;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;

    private record T(String slug, String admin) {
        String api(String path) {
            return "/api/v1/tenants/" + slug + path;
        }

        RequestSpecification asAdmin() {
            return given().auth().oauth2(admin).contentType(ContentType.JSON);
        }
    }

    /** A tenant as provisioning leaves it: the seeded face purposes have no assessment. */
    private T unassessed(String kind) {
        String slug = Tenants.uniqueSlug("pia");
        Tenants.createUnassessed(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, kind);
        return new T(slug, Users.tokenFor(keycloak, slug, "tenant-admin"));
    }

    @Test
    void aFacePurposeIsNotCreatedWithoutAnApprovedAssessment() {
        T t = unassessed("MALL");
        Map<String, Object> body = Purposes.body("lobby-check", "Lobby check", "FACE_VERIFICATION", 30, "We compare your face at the lobby.");
        body.remove("assessment");
        problem(t.asAdmin().body(body).post(t.api("/purposes")), 400, "impact_assessment_required");

        Map<String, Object> noReviewer = Purposes.body("lobby-check", "Lobby check", "FACE_VERIFICATION", 30, "n");
        ((Map<?, ?>) noReviewer.get("assessment")).remove("reviewer");
        Response missing = t.asAdmin().body(noReviewer).post(t.api("/purposes"));
        problem(missing, 400, "validation_failed");
        assertThat(missing.<List<String>>path("errors.field")).contains("reviewer");

        Map<String, Object> backwards = Purposes.body("lobby-check", "Lobby check", "FACE_VERIFICATION", 30, "n");
        @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) backwards.get("assessment");
        a.put("nextReviewOn", LocalDate.now().minusYears(1).toString());
        problem(t.asAdmin().body(backwards).post(t.api("/purposes")), 400, "assessment_invalid");
        a.put("nextReviewOn", LocalDate.now().plusYears(1).toString());
        a.put("approvedOn", LocalDate.now().plusDays(30).toString());
        problem(t.asAdmin().body(backwards).post(t.api("/purposes")), 400, "assessment_invalid");
        a.put("processingLocation", "CLOUD");
        assertThat(t.asAdmin().body(backwards).post(t.api("/purposes")).statusCode()).isEqualTo(400);

        // nothing of the refused requests was written
        given().auth().oauth2(t.admin).get(t.api("/purposes")).then().statusCode(200).body("code", not(hasItem("lobby-check")));
        problem(given().auth().oauth2(t.admin).get(t.api("/purposes/lobby-check/assessments")), 404, "purpose_not_found");

        // one request with its assessment: created and in force at once
        t.asAdmin().body(Purposes.body("lobby-check", "Lobby check", "FACE_VERIFICATION", 30, "We compare your face at the lobby."))
                .post(t.api("/purposes")).then().statusCode(201);
        given().auth().oauth2(t.admin).get(t.api("/purposes/lobby-check/assessments")).then().statusCode(200)
                .body("required", equalTo(true)).body("inForce", equalTo(true)).body("current.version", equalTo(1))
                .body("current.reviewer", equalTo("Data protection officer")).body("versions.size()", equalTo(1));
        given().auth().oauth2(t.admin).queryParam("action", "assessment.recorded").get(t.api("/audit")).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].purpose", equalTo("lobby-check"));
    }

    @Test
    void seededFacePurposesAreOffUntilAnAdminRecordsAnAssessment() {
        T t = unassessed("COMPOUND");
        given().auth().oauth2(t.admin).get(t.api("/assessments")).then().statusCode(200)
                .body("purpose", equalTo(List.of("gate-verification", "member-identification")))
                .body("required", equalTo(List.of(true, true))).body("inForce", equalTo(List.of(false, false)));
        given().auth().oauth2(t.admin).get(t.api("/dashboard")).then().statusCode(200)
                .body("regulatory.unassessedPurposes", equalTo(List.of("gate-verification", "member-identification")));

        // not offered in the portal, and no decision on it
        String subject = Portal.subject(t.admin, t.slug, "resident-1");
        String session = Portal.session(t.admin, t.slug, subject, Portal.contact(t.slug, "resident-1"));
        given().header("Authorization", "Portal " + session).get("/portal/" + t.slug + "/purposes").then().statusCode(200)
                .body("size()", equalTo(0));
        given().header("Authorization", "Portal " + session).get("/portal/" + t.slug + "/consents").then().statusCode(200)
                .body("size()", equalTo(0));
        String hash = given().auth().oauth2(t.admin).get(t.api("/purposes/gate-verification")).then().statusCode(200)
                .extract().path("notice.contentHash");
        problem(decide(t, session, "gate-verification", hash), 409, "impact_assessment_required");

        // a site policy cannot switch a face method on under it
        String site = Devices.createSite(t.admin, t.slug, "Main gate");
        Response refused = t.asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                "verificationPurpose", "gate-verification")).put(t.api("/sites/" + site + "/policy"));
        problem(refused, 409, "impact_assessment_required");
        assertThat(refused.<String>path("detail")).contains("gate-verification").contains("impact assessment");
        given().auth().oauth2(t.admin).get(t.api("/sites/" + site + "/policy")).then().statusCode(200)
                .body("methods", not(hasItem("FACE_1_1")));

        // the admin records one: the purpose is offered, decided on, and usable by a site
        t.asAdmin().body(Assessments.body()).post(t.api("/purposes/gate-verification/assessments")).then().statusCode(201)
                .body("version", equalTo(1)).body("current", equalTo(true));
        given().header("Authorization", "Portal " + session).get("/portal/" + t.slug + "/purposes").then().statusCode(200)
                .body("code", equalTo(List.of("gate-verification")));
        decide(t, session, "gate-verification", hash).then().statusCode(201).body("state", equalTo("GRANTED"));
        t.asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                "verificationPurpose", "gate-verification")).put(t.api("/sites/" + site + "/policy")).then().statusCode(200)
                .body("verificationPurpose", equalTo("gate-verification"));
        // identification is still off
        problem(t.asAdmin().body(Map.of("methods", List.of("FACE_1_N", "PIN"), "identificationPurpose", "member-identification"))
                .put(t.api("/sites/" + site + "/policy")), 409, "impact_assessment_required");
        given().auth().oauth2(t.admin).get(t.api("/dashboard")).then().statusCode(200)
                .body("regulatory.unassessedPurposes", equalTo(List.of("member-identification")));
    }

    /**
     * A policy written before assessments existed (here: by hand, as the owner role) that runs face under a purpose
     * without one: the gate processes no face under it and sends people to the other ways in.
     */
    @Test
    void aGateRunsNoFaceUnderAPurposeWithoutAnAssessment() throws Exception {
        T t = unassessed("COMPOUND");
        given().auth().oauth2(t.admin).get(t.api("/assessments")).then().statusCode(200); // seeds the defaults
        String site = Devices.createSite(t.admin, t.slug, "Old gate");
        String schema = "t_" + t.slug.replace('-', '_');
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE " + schema + ".site_policy SET methods = 'FACE_1_1,PIN', face_claim_types = 'SUBJECT_REF', "
                    + "verification_purpose_id = (SELECT id FROM " + schema + ".purpose WHERE code = 'gate-verification') "
                    + "WHERE site_id = '" + site + "'")).isEqualTo(1);
        }
        Devices.Registered device = Devices.register(t.admin, t.slug, site, "Old turnstile");
        given().auth().oauth2(Devices.token(t.slug, device)).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "anyone"),
                        "image", java.util.Base64.getEncoder().encodeToString(io.consentry.testing.TestPhotos.photo("obama_1.jpg"))))
                .post("/api/v1/device/verify").then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("purpose_not_set"));
        given().auth().oauth2(t.admin).get(t.api("/sites/" + site + "/policy")).then().statusCode(200)
                .body("verificationPurpose", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void versionsAreKeptUnchangedAndExportedAsJsonAndPdf() throws Exception {
        T t = unassessed("BANK");
        Map<String, Object> first = Assessments.body();
        first.put("purposeAndNecessity", "住户无需刷卡即可在柜台核验身份 — customers are verified at the counter without their card.");
        String v1 = t.asAdmin().body(first).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201)
                .extract().path("id");
        Map<String, Object> second = Assessments.body();
        second.put("processingLocation", "DEVICE");
        second.put("reviewer", "Second reviewer");
        String v2 = t.asAdmin().body(second).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201)
                .body("version", equalTo(2)).extract().path("id");

        given().auth().oauth2(t.admin).get(t.api("/purposes/counter-verification/assessments")).then().statusCode(200)
                .body("versions.version", equalTo(List.of(2, 1))).body("current.id", equalTo(v2))
                .body("versions[1].current", equalTo(false)).body("versions[1].supersededAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(t.admin).get(t.api("/assessments/" + v1)).then().statusCode(200)
                .body("version", equalTo(1)).body("reviewer", equalTo("Data protection officer"))
                .body("processingLocation", equalTo("PLATFORM")).body("current", equalTo(false));

        // the database refuses to change a recorded version, even to the owner role
        String schema = "t_" + t.slug.replace('-', '_');
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE " + schema + ".impact_assessment SET reviewer = 'someone else'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("immutable");
        }

        Response json = given().auth().oauth2(t.admin).get(t.api("/assessments/" + v1 + "/export.json"));
        json.then().statusCode(200).body("purposeAndNecessity", equalTo(first.get("purposeAndNecessity")))
                .body("contentHash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        assertThat(json.header("Content-Disposition")).contains("impact-assessment-counter-verification-v1.json");

        Response pdf = given().auth().oauth2(t.admin).get(t.api("/assessments/" + v1 + "/export.pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.contentType()).startsWith("application/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.asByteArray())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Personal information impact assessment").contains("个人信息保护影响评估")
                    .contains("住户无需刷卡即可在柜台核验身份").contains("customers are verified at the counter")
                    .contains("Data protection officer").contains(first.get("approvedOn").toString());
        }

        // auditors read and export; they do not record
        String auditor = Users.tokenFor(keycloak, t.slug, "auditor");
        given().auth().oauth2(auditor).get(t.api("/assessments/" + v2 + "/export.pdf")).then().statusCode(200);
        problem(given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Assessments.body())
                .post(t.api("/purposes/counter-verification/assessments")), 403, "forbidden");
    }

    @Test
    void anotherTenantsAssessmentIsNotFound() {
        T mine = unassessed("BANK");
        T other = unassessed("BANK");
        String id = mine.asAdmin().body(Assessments.body()).post(mine.api("/purposes/counter-verification/assessments"))
                .then().statusCode(201).extract().path("id");
        problem(given().auth().oauth2(other.admin).get(other.api("/assessments/" + id)), 404, "assessment_not_found");
        problem(given().auth().oauth2(other.admin).get(other.api("/assessments/" + id + "/export.pdf")), 404, "assessment_not_found");
        problem(given().auth().oauth2(other.admin).get(other.api("/assessments/" + id + "/export.json")), 404, "assessment_not_found");
        problem(given().auth().oauth2(other.admin).get(mine.api("/assessments/" + id)), 403, "tenant_mismatch");
        problem(given().auth().oauth2(mine.admin).get(mine.api("/assessments/" + java.util.UUID.randomUUID())), 404, "assessment_not_found");
        assertThat(given().auth().oauth2(mine.admin).get(mine.api("/assessments/not-an-id")).statusCode()).isBetween(400, 404);
        problem(mine.asAdmin().body("{\"reviewer\": 5").post(mine.api("/purposes/counter-verification/assessments")), 400, null);
        problem(mine.asAdmin().body(Assessments.body()).post(mine.api("/purposes/no-such-purpose/assessments")), 404, "purpose_not_found");
    }

    @Test
    void anOverdueReviewIsFlagged() {
        T t = unassessed("BANK");
        Map<String, Object> old = Assessments.body();
        old.put("approvedOn", LocalDate.now().minusYears(2).toString());
        old.put("nextReviewOn", LocalDate.now().minusDays(2).toString());
        t.asAdmin().body(old).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201)
                .body("overdue", equalTo(true));
        given().auth().oauth2(t.admin).get(t.api("/assessments")).then().statusCode(200)
                .body("find { it.purpose == 'counter-verification' }.overdue", equalTo(true));
        given().auth().oauth2(t.admin).get(t.api("/dashboard")).then().statusCode(200)
                .body("regulatory.overdueAssessments", equalTo(List.of("counter-verification")));
        // a new version with a future review clears the flag; the overdue one is kept
        t.asAdmin().body(Assessments.body()).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201);
        given().auth().oauth2(t.admin).get(t.api("/dashboard")).then().statusCode(200)
                .body("regulatory.overdueAssessments", equalTo(List.of()));
    }

    @Test
    void superseededVersionsAreKeptAtLeastThreeYears() {
        T t = unassessed("BANK");
        t.asAdmin().body(Assessments.body()).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201);
        t.asAdmin().body(Assessments.body()).post(t.api("/purposes/counter-verification/assessments")).then().statusCode(201);
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        Instant now = Instant.now();
        assertThat(work.as(tenant, () -> retention.sweep(now))).isEmpty();
        assertThat(work.as(tenant, () -> retention.sweep(now.atZone(ZoneOffset.UTC).plusYears(3).minusDays(1).toInstant()))).isEmpty();
        List<AssessmentView> deleted = work.as(tenant, () -> retention.sweep(now.atZone(ZoneOffset.UTC).plusYears(3).plus(Duration.ofDays(1)).toInstant()));
        assertThat(deleted).extracting(AssessmentView::version).containsExactly(1);
        given().auth().oauth2(t.admin).get(t.api("/purposes/counter-verification/assessments")).then().statusCode(200)
                .body("versions.version", equalTo(List.of(2))).body("inForce", equalTo(true));
        // the version that applies is never deleted, however late the sweep
        assertThat(work.as(tenant, () -> retention.sweep(now.plus(Duration.ofDays(365 * 50))))).isEmpty();
        given().auth().oauth2(t.admin).queryParam("action", "assessment.deleted").get(t.api("/audit")).then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void lessThanThreeYearsIsNotAllowed() {
        assertThat(retention.keepYears()).isEqualTo(3);
        assertThat(new AssessmentRetention(null, null, null, 1).keepYears()).isEqualTo(AssessmentRetention.MIN_KEEP_YEARS);
        assertThat(new AssessmentRetention(null, null, null, 7).keepYears()).isEqualTo(7);
    }

    private static Response decide(T t, String session, String purpose, String hash) {
        return given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash)).post("/portal/" + t.slug + "/decisions");
    }

    static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).isEqualTo(code);
        }
    }
}
