package io.consentry.retention;

import io.agroal.api.AgroalDataSource;
import io.consentry.testing.Devices;
import io.consentry.testing.Mailbox;
import io.consentry.testing.Portal;
import io.consentry.testing.Purposes;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Retention: no purpose keeps face data longer than the platform's cap; face data idle longer than the inactivity period
 * is deleted (the subject is told) while recently used face data stays; the report lists what went, when and why.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class RetentionTest {

    @Inject
    Keycloak keycloak;
    @Inject
    InactivitySweep sweep;
    @Inject
    AgroalDataSource runtime;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner; // a database administrator, to break one tenant's schema on purpose
    @Inject
    io.consentry.tenants.registry.TenantRegistry registry;

    @Test
    void aPurposeCannotPromiseToKeepFaceDataLongerThanTheCap() {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "cap", "OTHER");
        String purposes = "/api/v1/tenants/" + t.slug() + "/purposes";
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Purposes.body("long-gate", "Gate", "FACE_VERIFICATION", 1096, "We compare your face at the gate."))
                .post(purposes).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("retentionDays"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("at most 1095 days"));
        // nothing was written
        given().auth().oauth2(t.admin()).get(purposes + "/long-gate").then().statusCode(404);
        given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Purposes.body("long-gate", "Gate", "FACE_VERIFICATION", 1095, "We compare your face at the gate."))
                .post(purposes).then().statusCode(201).body("retentionDays", equalTo(1095));
    }

    @Test
    void idleFaceDataIsDeletedAndTheSubjectToldWhileRecentlyUsedFaceDataStays() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "idle", "COMPOUND");
        String slug = t.slug();
        String admin = t.admin();
        String api = "/api/v1/tenants/" + slug;
        String site = Devices.createSite(admin, slug, "Lobby");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", false))
                .put(api + "/sites/" + site + "/policy").then().statusCode(200);
        String kiosk = Devices.token(slug, Devices.register(admin, slug, site, "Lobby kiosk"));

        String idle = enrolled(admin, slug, "idle-1", "obama_1.jpg");
        String active = enrolled(admin, slug, "active-1", "biden_1.jpg");
        // Both were last seen four years ago...
        Instant longAgo = Instant.now().minus(Duration.ofDays(4 * 365));
        setLastInteraction(slug, idle, longAgo);
        setLastInteraction(slug, active, longAgo);
        // ...then one of them is let in by their face today: the clock moves.
        given().auth().oauth2(kiosk).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "active-1"),
                        "image", Base64.getEncoder().encodeToString(photo("biden_2.jpg"))))
                .post("/api/v1/device/verify").then().statusCode(200).body("decision", equalTo("GRANTED"));
        assertThat(lastInteraction(slug, active)).isAfter(Instant.now().minus(Duration.ofMinutes(5)));

        Mailbox idleInbox = Mailbox.of(Portal.contact(slug, "idle-1"));
        Mailbox activeInbox = Mailbox.of(Portal.contact(slug, "active-1"));
        Map<String, Integer> swept = sweep.sweepAll(Instant.now());
        assertThat(swept).containsEntry(slug, 1);

        given().auth().oauth2(admin).get(api + "/subjects/" + idle + "/templates").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(admin).get(api + "/subjects/" + active + "/templates").then().statusCode(200).body("size()", equalTo(1));
        Mailbox.Mail mail = idleInbox.nextWithSubject("Your face data was deleted after 1095 days unused");
        assertThat(mail.text()).contains("Face templates deleted: 1").contains("Your consent decisions are unchanged");
        assertThat(activeInbox.hasNew(m -> m.subject().startsWith("Your face data was deleted"))).isFalse();

        // Idempotent: a second run (another replica, or the next day) finds nothing more.
        assertThat(sweep.sweepAll(Instant.now())).containsEntry(slug, 0);
        // The idle subject's consent stands: a gate now sends them to the alternatives instead of matching a face.
        given().auth().oauth2(kiosk).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "idle-1"),
                        "image", Base64.getEncoder().encodeToString(photo("obama_2.jpg"))))
                .post("/api/v1/device/verify").then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"));

        // The report: the inactivity deletion, and a withdrawal that took the other subject's template with it.
        String session = Portal.session(admin, slug, active, Portal.contact(slug, "active-1"));
        given().header("Authorization", "Portal " + session).post("/portal/" + slug + "/consents/gate-verification/withdraw")
                .then().statusCode(200);
        String auditor = Users.tokenFor(keycloak, slug, "auditor");
        for (String reader : List.of(admin, auditor)) {
            given().auth().oauth2(reader).get(api + "/retention/report").then().statusCode(200)
                    .body("schedule.maxRetentionDays", equalTo(1095)).body("schedule.inactiveAfterDays", equalTo(1095))
                    .body("deletions.find { it.reason == 'INACTIVITY' }.subjectId", equalTo(idle))
                    .body("deletions.find { it.reason == 'INACTIVITY' }.templatesDeleted", equalTo(1))
                    .body("deletions.find { it.reason == 'INACTIVITY' }.actor", equalTo("system:retention-sweep"))
                    .body("deletions.find { it.reason == 'CONSENT_WITHDRAWN' }.subjectId", equalTo(active))
                    .body("deletions.find { it.reason == 'CONSENT_WITHDRAWN' }.purpose", equalTo("gate-verification"))
                    .body("deletions.reason", hasItem("INACTIVITY"));
        }
        // the audit entry proves it
        given().auth().oauth2(admin).queryParam("action", InactivitySweep.ACTION).get(api + "/audit").then().statusCode(200)
                .body("items[0].subjectRef", equalTo(idle)).body("items[0].details.lastInteractionKind", equalTo("ENROLMENT"));
    }

    @Test
    void oneTenantFailingDoesNotStopTheOthers() throws Exception {
        Tenants.WithAdmin broken = Tenants.createWithAdmin(keycloak, "broken", "COMPOUND");
        Tenants.WithAdmin healthy = Tenants.createWithAdmin(keycloak, "healthy", "COMPOUND");
        String idle = enrolled(healthy.admin(), healthy.slug(), "idle-2", "obama_1.jpg");
        setLastInteraction(healthy.slug(), idle, Instant.now().minus(Duration.ofDays(2000)));
        // A database administrator's accident in one tenant's schema: its sweep fails.
        String schema;
        try (Connection c = owner.getConnection()) {
            schema = schema(c, broken.slug());
            c.createStatement().execute("ALTER TABLE " + schema + ".biometric_activity RENAME TO biometric_activity_moved");
        }
        try {
            Map<String, Integer> swept = sweep.sweepAll(Instant.now());
            assertThat(swept).containsEntry(broken.slug(), -1).containsEntry(healthy.slug(), 1);
        } finally {
            try (Connection c = owner.getConnection()) {
                c.createStatement().execute("ALTER TABLE " + schema + ".biometric_activity_moved RENAME TO biometric_activity");
            }
        }
        given().auth().oauth2(healthy.admin()).get("/api/v1/tenants/" + healthy.slug() + "/subjects/" + idle + "/templates")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void theReportIsForTheTenantsAdminsAndAuditorsOnly() {
        Tenants.Pair pair = Tenants.pairWithAdmins(keycloak, "rep", "OTHER", "OTHER");
        String report = "/api/v1/tenants/" + pair.first().slug() + "/retention/report";
        given().auth().oauth2(pair.second().admin()).get(report).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Users.tokenFor(keycloak, pair.first().slug(), "guard")).get(report).then().statusCode(403);
        given().get(report).then().statusCode(401);
        given().auth().oauth2(pair.first().admin()).queryParam("from", "yesterday").get(report).then().statusCode(400)
                .body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(pair.first().admin()).queryParam("limit", 0).get(report).then().statusCode(400)
                .body("code", equalTo("invalid_parameter"));
        given().auth().oauth2(pair.first().admin()).get(report).then().statusCode(200).body("deletions.size()", equalTo(0));
    }

    /** A subject who granted gate verification and enrolled {@code selfie}; returns the subject id. */
    private static String enrolled(String admin, String slug, String ref, String selfie) {
        String id = Portal.subject(admin, slug, ref);
        String session = Portal.session(admin, slug, id, Portal.contact(slug, ref));
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                .then().extract().path("find { it.code == 'gate-verification' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
        return id;
    }

    /** Sets the subject's last-interaction clock, as if time had passed (no sleeping). */
    private void setLastInteraction(String slug, String subject, Instant at) throws Exception {
        try (Connection c = runtime.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + schema(c, slug) + ".biometric_activity SET last_interaction_at = ? WHERE subject_id = ?::uuid")) {
            s.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
            s.setString(2, subject);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private Instant lastInteraction(String slug, String subject) throws Exception {
        try (Connection c = runtime.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT last_interaction_at FROM " + schema(c, slug) + ".biometric_activity WHERE subject_id = ?::uuid")) {
            s.setString(1, subject);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    private String schema(Connection c, String slug) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> registry.findBySlug(slug).orElseThrow().dbSchema);
    }
}
