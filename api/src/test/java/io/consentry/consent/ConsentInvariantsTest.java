package io.consentry.consent;

import io.agroal.api.AgroalDataSource;
import io.consentry.biometric.TemplateVault;
import io.consentry.core.audit.Actor;
import io.consentry.core.work.TenantWork;
import io.consentry.purpose.PurposeCatalog;
import io.consentry.purpose.PurposeKind;
import io.consentry.purpose.PurposeRef;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attempts to break the consent invariants; each must be refused with a clear code. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ConsentInvariantsTest {

    @Inject
    Keycloak keycloak;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource dataSource; // the owner role: what a database administrator, not the api, could do
    @Inject
    TenantWork work;
    @Inject
    TenantRegistry registry;
    @Inject
    ConsentGuard guard;
    @Inject
    TemplateVault vault;
    @Inject
    PurposeCatalog catalog;

    @Test
    void noProcessingWithoutConsentForAnyPurposeKind() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        t.addPurpose("member-identification", "FACE_IDENTIFICATION");
        t.addPurpose("mood-analysis", "ATTRIBUTE_ANALYSIS");
        t.addPurpose("photo-retention", "IMAGE_RETENTION");
        String subject = t.createSubject("client-1");
        String session = t.session(subject);
        UUID id = UUID.fromString(subject);
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();

        // Enrolment before any consent, and with only retention / analysis consents.
        assertProblem(t.enrol(session, photo("biden_1.jpg")), 403, "consent_required");
        t.decide(session, "photo-retention", "GRANT").then().statusCode(201);
        t.decide(session, "mood-analysis", "REFUSE").then().statusCode(201);
        assertProblem(t.enrol(session, photo("biden_1.jpg")), 403, "consent_required");

        for (String code : List.of("counter-verification", "member-identification", "mood-analysis")) {
            PurposeRef purpose = ref(tenant, code);
            assertThat(work.as(tenant, () -> guard.hasActiveConsent(id, purpose))).as(code).isFalse();
            assertThatThrownBy(() -> work.as(tenant, () -> guard.templatesFor(id, purpose, Actor.device("gate-1"))))
                    .as(code).isInstanceOf(ConsentRequiredException.class);
        }
        // Every refusal is in the tenant's audit log (written even though the refused call rolled back).
        assertThat(count("SELECT count(*) FROM " + t.schema() + ".audit_entry WHERE outcome = 'refused:consent_required' AND subject_ref = '"
                + subject + "'")).isGreaterThanOrEqualTo(5);
        // IMAGE_RETENTION is granted, but it never releases templates.
        PurposeRef retention = ref(tenant, "photo-retention");
        assertThat(work.as(tenant, () -> guard.hasActiveConsent(id, retention))).isTrue();
        assertThat(work.as(tenant, () -> guard.anyActiveConsentOfKind(id, PurposeKind.IMAGE_RETENTION))).isTrue();
        assertThatThrownBy(() -> work.as(tenant, () -> guard.templatesFor(id, retention, Actor.device("gate-1"))))
                .isInstanceOf(ConsentRequiredException.class);

        // Verification granted + enrolled: verification works, identification still refused, gallery excludes the subject.
        t.decide(session, "counter-verification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("biden_1.jpg")).then().statusCode(201);
        PurposeRef counter = ref(tenant, "counter-verification");
        PurposeRef members = ref(tenant, "member-identification");
        assertThat(work.as(tenant, () -> guard.templatesFor(id, counter, Actor.device("gate-1")))).hasSize(1);
        assertThatThrownBy(() -> work.as(tenant, () -> guard.templatesFor(id, members, Actor.device("cam-1"))))
                .isInstanceOf(ConsentRequiredException.class);
        assertThat(work.as(tenant, () -> guard.identificationGallery(members, Actor.device("cam-1")))).isEmpty();
        t.decide(session, "member-identification", "GRANT").then().statusCode(201);
        assertThat(work.as(tenant, () -> guard.identificationGallery(members, Actor.device("cam-1"))))
                .extracting(GalleryMember::externalRef).containsExactly("client-1");
        // A verification purpose is never a gallery, and a gallery is never released for a verification purpose.
        assertThatThrownBy(() -> work.as(tenant, () -> guard.identificationGallery(counter, Actor.device("cam-1"))))
                .isInstanceOf(ConsentRequiredException.class);
    }

    @Test
    void tokensMustBeLiveSingleUseAndOfThisTenant() throws SQLException {
        ConsentFixtures a = ConsentFixtures.tenant(keycloak, "COMPOUND");
        ConsentFixtures b = ConsentFixtures.tenant(keycloak, "MALL");
        String subject = a.createSubject("flat-7");

        String invitation = a.invitationToken(subject);
        String session = a.redeem(invitation).then().statusCode(201).extract().path("sessionToken");
        assertProblem(a.redeem(invitation), 401, "invitation_used");

        String expired = a.invitationToken(subject);
        sql("UPDATE " + a.schema() + ".portal_token SET expires_at = now() - interval '1 hour' WHERE kind = 'INVITATION' AND redeemed_at IS NULL");
        assertProblem(a.redeem(expired), 401, "invitation_expired");

        String foreign = b.invitationToken(b.createSubject("shopper-1"));
        assertProblem(a.redeem(foreign), 401, "invitation_invalid");
        String foreignSession = b.redeem(foreign).then().statusCode(201).extract().path("sessionToken");
        assertProblem(a.asSubject(foreignSession).get(a.portal("/purposes")), 401, "portal_token_invalid");
        assertProblem(a.asSubject(invitation).get(a.portal("/purposes")), 401, "portal_token_invalid");
        assertProblem(a.redeem("x".repeat(43)), 401, "invitation_invalid");

        // Personal link: works until revoked (by the admin here), then refused.
        String personal = a.decide(session, "gate-verification", "GRANT").then().statusCode(201).extract().path("personalLink.token");
        a.asSubject(personal).get(a.portal("/consents")).then().statusCode(200);
        a.asAdmin().post(a.api("/subjects/" + subject + "/personal-link/revoke")).then().statusCode(200);
        assertProblem(a.asSubject(personal).post(a.portal("/consents/gate-verification/withdraw")), 401, "portal_token_revoked");

        // Neither anonymous callers nor realm tokens (an admin!) act on the portal.
        assertProblem(given().get(a.portal("/purposes")), 401, "portal_token_required");
        assertProblem(given().auth().oauth2(a.admin).contentType(ContentType.JSON)
                .body(Map.of("purpose", "member-identification", "decision", "GRANT", "noticeHash", "0".repeat(64)))
                .post(a.portal("/decisions")), 401, "portal_token_required");
        // And there is no admin route to record a decision.
        assertThat(a.asAdmin().body(Map.of("purpose", "member-identification", "decision", "GRANT"))
                .post(a.api("/subjects/" + subject + "/consents")).statusCode()).isIn(404, 405);
    }

    @Test
    void oneDecisionPerPurposeAgainstTheCurrentNotice() throws SQLException {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String session = t.session(t.createSubject("flat-9"));
        String hash = t.noticeHash(session, "gate-verification");
        List<Map<String, Object>> bundles = List.of(
                Map.of("purpose", "all", "decision", "GRANT", "noticeHash", hash),
                Map.of("purpose", "*", "decision", "GRANT", "noticeHash", hash),
                Map.of("purpose", List.of("gate-verification", "member-identification"), "decision", "GRANT", "noticeHash", hash),
                Map.of("purpose", "gate-verification,member-identification", "decision", "GRANT", "noticeHash", hash),
                Map.of("purposes", List.of("gate-verification"), "decision", "GRANT", "noticeHash", hash));
        for (Map<String, Object> bundle : bundles) {
            assertProblem(t.asSubject(session).body(bundle).post(t.portal("/decisions")), 400, "bundled_consent");
        }
        assertProblem(t.asSubject(session).body(Map.of("purpose", "gate-verification", "noticeHash", hash))
                .post(t.portal("/decisions")), 400, "decision_required");
        assertProblem(t.asSubject(session).body(Map.of("purpose", "gate-verification", "decision", "GRANT"))
                .post(t.portal("/decisions")), 409, "notice_outdated");
        assertThat(t.asSubject(session).get(t.portal("/consents")).then().statusCode(200).extract().<List<Map<String, Object>>>path("$"))
                .extracting(c -> c.get("state")).containsOnly("NONE");

        // A new notice version: the earlier grant stays tied to its version; answering the old text is refused.
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        t.asAdmin().body(io.consentry.testing.Purposes.notice("FACE_VERIFICATION", "Updated notice: templates are also used at the garage gate."))
                .post(t.api("/purposes/gate-verification/notices")).then().statusCode(201).body("version", org.hamcrest.Matchers.is(2));
        List<Map<String, Object>> consents = t.asSubject(session).get(t.portal("/consents")).then().extract().path("$");
        assertThat(consents.get(0)).containsEntry("noticeHash", hash).containsEntry("state", "GRANTED");
        assertProblem(t.asSubject(session).body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post(t.portal("/decisions")), 409, "notice_outdated");

        // History and notices are immutable in the database itself.
        assertThatThrownBy(() -> sql("UPDATE " + t.schema() + ".consent_event SET event = 'REFUSED'")).hasMessageContaining("immutable");
        assertThatThrownBy(() -> sql("DELETE FROM " + t.schema() + ".consent_event")).hasMessageContaining("immutable");
        assertThatThrownBy(() -> sql("UPDATE " + t.schema() + ".notice_version SET text = 'x'")).hasMessageContaining("immutable");
    }

    @Test
    void ciphertextsDoNotDecryptOnAnotherRowSubjectOrTenant() throws SQLException {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        ConsentFixtures other = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String alice = t.createSubject("alice");
        String bob = t.createSubject("bob");
        for (var entry : Map.of(alice, "rose_leslie_1.jpg", bob, "kit_harington_1.jpg").entrySet()) {
            String session = t.session(entry.getKey());
            t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
            t.enrol(session, photo(entry.getValue())).then().statusCode(201);
        }
        Tenant tenant = registry.findBySlug(t.slug).orElseThrow();
        Tenant otherTenant = registry.findBySlug(other.slug).orElseThrow();
        UUID aliceId = UUID.fromString(alice);
        UUID bobId = UUID.fromString(bob);
        assertThat(work.as(tenant, () -> vault.decryptFor(List.of(aliceId, bobId)))).hasSize(2);

        // Copy Bob's ciphertext over Alice's row: it no longer decrypts (bound to Bob's subject and template id).
        sql("UPDATE " + t.schema() + ".biometric_template SET ciphertext = (SELECT ciphertext FROM " + t.schema()
                + ".biometric_template WHERE subject_id = '" + bob + "') WHERE subject_id = '" + alice + "'");
        assertThat(work.as(tenant, () -> vault.decryptFor(List.of(aliceId)))).isEmpty();
        PurposeRef gate = ref(tenant, "gate-verification");
        assertThat(work.as(tenant, () -> guard.templatesFor(aliceId, gate, Actor.device("g")))).isEmpty();
        assertThat(work.as(tenant, () -> vault.decryptFor(List.of(bobId)))).hasSize(1);

        // Copy Bob's subject and template rows, unchanged, into another tenant: the other tenant's key cannot open it.
        sql("INSERT INTO " + other.schema() + ".subject SELECT * FROM " + t.schema() + ".subject WHERE id = '" + bob + "'");
        sql("INSERT INTO " + other.schema() + ".biometric_template SELECT * FROM " + t.schema() + ".biometric_template WHERE subject_id = '" + bob + "'");
        assertThat(work.as(otherTenant, () -> vault.decryptFor(List.of(bobId)))).isEmpty();
    }

    @Test
    void auditorsReadAdminsWriteOthersNeither() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "MALL");
        for (int i = 0; i < 3; i++) {
            t.createSubject("member-" + i);
        }
        String auditor = io.consentry.testing.Users.tokenFor(keycloak, t.slug, "auditor");
        String guardUser = io.consentry.testing.Users.tokenFor(keycloak, t.slug, "guard");
        Map<String, Object> page = given().auth().oauth2(auditor).queryParam("size", 2).queryParam("page", 1)
                .get(t.api("/subjects")).then().statusCode(200).extract().path("$");
        assertThat(page).containsEntry("total", 3).containsEntry("page", 1);
        assertThat((List<?>) page.get("items")).hasSize(1);
        given().auth().oauth2(auditor).get(t.api("/purposes")).then().statusCode(200)
                .body("code", org.hamcrest.Matchers.contains("member-identification"));
        given().auth().oauth2(auditor).get(t.api("/consent-events")).then().statusCode(200);
        assertProblem(given().auth().oauth2(auditor).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "x", "displayName", "X")).post(t.api("/subjects")), 403, "forbidden");
        assertProblem(given().auth().oauth2(guardUser).get(t.api("/subjects")), 403, "forbidden");
        // Another tenant's admin is refused at the door.
        ConsentFixtures other = ConsentFixtures.tenant(keycloak, "MALL");
        assertProblem(given().auth().oauth2(other.admin).get(t.api("/subjects")), 403, "tenant_mismatch");
    }

    private PurposeRef ref(Tenant tenant, String code) {
        return work.as(tenant, () -> catalog.findRef(code).orElseThrow());
    }

    private long count(String query) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
