package io.consentry.access;

import io.agroal.api.AgroalDataSource;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.consentry.access.FaceAccessTest.identify;
import static io.consentry.access.FaceAccessTest.verify;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Hole 2 of issue 13, tried the way it was found: a subject who granted "gate verification" and refused "lobby
 * verification" (both of kind FACE_VERIFICATION) must not be granted at the lobby's device. Each site's face method
 * runs under one purpose; consent to another purpose of the same kind opens nothing, in 1:1 and in 1:N; decisions and
 * audit entries name the purpose; a policy that names none falls back without looking at the frame; the portal shows
 * the subject where each purpose applies.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SitesServePurposesTest {

    private static String tenant;
    private static String admin;
    private static String gateSite;
    private static String lobbySite;
    private static Devices.Registered gate;
    private static Devices.Registered lobby;
    private static String alice;
    private static String aliceSession;

    @Inject
    Keycloak keycloak;
    @Inject
    AgroalDataSource dataSource;
    /** The owner role, which runs migrations: the replayed migration statements run as it, as Flyway ran them. */
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;

    @BeforeEach
    void twoSitesUnderPurposesOfTheSameKinds() {
        if (admin != null) {
            return;
        }
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "sites", "COMPOUND");
        tenant = t.slug();
        admin = t.admin();
        addPurpose("lobby-verification", "FACE_VERIFICATION", "Face verification at the lobby");
        addPurpose("carpark-identification", "FACE_IDENTIFICATION", "Face identification in the car park");
        gateSite = Devices.createSite(admin, tenant, "Main gate");
        lobbySite = Devices.createSite(admin, tenant, "Lobby");
        policy(gateSite, "gate-verification", "member-identification").then().statusCode(200)
                .body("verificationPurpose", equalTo("gate-verification"))
                .body("identificationPurpose", equalTo("member-identification"));
        policy(lobbySite, "lobby-verification", "carpark-identification").then().statusCode(200);
        gate = Devices.register(admin, tenant, gateSite, "Gate 1");
        lobby = Devices.register(admin, tenant, lobbySite, "Lobby kiosk");

        alice = Portal.subject(admin, tenant, "alice");
        aliceSession = Portal.session(admin, tenant, alice, Portal.contact(tenant, "alice"));
        decide(aliceSession, "gate-verification", "GRANT");
        decide(aliceSession, "lobby-verification", "REFUSE");
        decide(aliceSession, "member-identification", "GRANT");
        decide(aliceSession, "carpark-identification", "REFUSE");
        given().header("Authorization", "Portal " + aliceSession).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
    }

    @Test
    void consentToTheGateDoesNotOpenTheLobby() {
        String atGate = verify(Devices.token(tenant, gate), "SUBJECT_REF", "alice", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("purpose", equalTo("gate-verification"))
                .extract().path("auditEntryId");
        String atLobby = verify(Devices.token(tenant, lobby), "SUBJECT_REF", "alice", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_face_consent"))
                .body("purpose", equalTo("lobby-verification")).body("score", nullValue())
                .extract().path("auditEntryId");
        // The audit names the purpose each decision ran under (its code), not just the kind.
        assertThat(auditPurpose(atGate)).isEqualTo("gate-verification");
        assertThat(auditPurpose(atLobby)).isEqualTo("lobby-verification");
    }

    @Test
    void membershipOfOneIdentificationGalleryIsNotMembershipOfAnother() {
        identify(Devices.token(tenant, gate), photo("obama_3.jpg")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(alice))
                .body("purpose", equalTo("member-identification"));
        identify(Devices.token(tenant, lobby), photo("obama_3.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"))
                .body("purpose", equalTo("carpark-identification")).body("subjectId", nullValue());
    }

    @Test
    void aPolicyWithoutAPurposeFallsBackWithoutLookingAtTheFrame() throws SQLException {
        String site = Devices.createSite(admin, tenant, "Side door");
        policy(site, "gate-verification", "member-identification").then().statusCode(200);
        Devices.Registered door = Devices.register(admin, tenant, site, "Side door 1");
        // What the migration leaves behind where a tenant has several purposes of a kind: the method, but no purpose.
        sql("UPDATE " + schema() + ".site_policy SET verification_purpose_id = NULL, identification_purpose_id = NULL "
                + "WHERE site_id = '" + site + "'");
        long templateReads = count("SELECT count(*) FROM " + schema() + ".audit_entry WHERE action = 'biometric.templates.read'");
        String token = Devices.token(tenant, door);
        verify(token, "SUBJECT_REF", "alice", photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("purpose_not_set"))
                .body("subjectId", nullValue()).body("allowedMethods", org.hamcrest.Matchers.hasItem("PIN"));
        identify(token, photo("obama_2.jpg")).then().statusCode(200)
                .body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("purpose_not_set"));
        assertThat(count("SELECT count(*) FROM " + schema() + ".audit_entry WHERE action = 'biometric.templates.read'"))
                .as("no template was read").isEqualTo(templateReads);
        given().auth().oauth2(admin).get(api("/sites/" + site + "/policy")).then().statusCode(200)
                .body("verificationPurpose", nullValue()).body("methods", org.hamcrest.Matchers.hasItem("FACE_1_1"));
        // The admin picks one: the site works again.
        policy(site, "gate-verification", "member-identification").then().statusCode(200);
        verify(token, "SUBJECT_REF", "alice", photo("obama_2.jpg")).then().statusCode(200).body("decision", equalTo("GRANTED"));
    }

    /**
     * The tenant migration itself (V26), run on this tenant's schema: where a tenant has exactly one live purpose of the
     * method's kind it is filled in; where it has several (here two of each), the policy stays without one.
     */
    @Test
    void theMigrationFillsInOnlyAnUnambiguousPurpose() throws Exception {
        Tenants.WithAdmin singleTenant = Tenants.createWithAdmin(keycloak, "sites-mig", "COMPOUND");
        String single = singleTenant.slug();
        String singleSite = Devices.createSite(singleTenant.admin(), single, "Gate");
        given().auth().oauth2(singleTenant.admin()).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "identificationPurpose", "member-identification"))
                .put("/api/v1/tenants/" + single + "/sites/" + singleSite + "/policy").then().statusCode(200);
        String singleSchema = "t_" + single.replace('-', '_');
        for (String s : List.of(singleSchema, schema())) {
            sql("UPDATE " + s + ".site_policy SET verification_purpose_id = NULL, identification_purpose_id = NULL");
            migrate(s);
        }
        assertThat(count("SELECT count(*) FROM " + singleSchema + ".site_policy WHERE verification_purpose_id IS NOT NULL "
                + "AND identification_purpose_id IS NOT NULL")).as("one purpose of each kind: filled in").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + schema() + ".site_policy WHERE verification_purpose_id IS NOT NULL "
                + "OR identification_purpose_id IS NOT NULL")).as("two of each kind: left for an admin").isZero();
        verify(Devices.token(tenant, gate), "SUBJECT_REF", "alice", photo("obama_2.jpg")).then().statusCode(200)
                .body("reason", equalTo("purpose_not_set"));
        // Put this tenant back as the other tests expect it.
        policy(gateSite, "gate-verification", "member-identification").then().statusCode(200);
        policy(lobbySite, "lobby-verification", "carpark-identification").then().statusCode(200);
    }

    @Test
    void thePortalShowsWherePurposeApplies() {
        List<Map<String, Object>> purposes = given().header("Authorization", "Portal " + aliceSession)
                .get("/portal/" + tenant + "/purposes").then().statusCode(200).extract().path("$");
        Map<String, Object> byCode = purposes.stream().collect(java.util.stream.Collectors.toMap(p -> (String) p.get("code"), p -> p.get("sites")));
        assertThat(byCode.get("gate-verification")).isEqualTo(List.of(Map.of("name", "Main gate", "method", "FACE_1_1")));
        assertThat(byCode.get("lobby-verification")).isEqualTo(List.of(Map.of("name", "Lobby", "method", "FACE_1_1")));
        assertThat(byCode.get("carpark-identification")).isEqualTo(List.of(Map.of("name", "Lobby", "method", "FACE_1_N")));
    }

    @Test
    void aFaceMethodRunsOnlyUnderALivePurposeOfItsKind() {
        Response wrongKind = policy(lobbySite, "member-identification", "carpark-identification");
        wrongKind.then().statusCode(400).body("code", equalTo("policy_invalid"));
        assertThat((String) wrongKind.path("detail")).contains("FACE_1_1 needs a purpose of kind FACE_VERIFICATION");
        policy(lobbySite, "no-such-purpose", "carpark-identification").then().statusCode(400).body("code", equalTo("policy_invalid"));
        given().auth().oauth2(admin).get(api("/sites/" + lobbySite + "/policy")).then().statusCode(200)
                .body("verificationPurpose", equalTo("lobby-verification"));
    }

    // ------------------------------------------------------------------ helpers

    private static Response policy(String site, String verification, String identification) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", verification, "identificationPurpose", identification,
                        "livenessRequired", false, "targetFar", 0.001))
                .put(api("/sites/" + site + "/policy"));
    }

    private static void addPurpose(String code, String kind, String title) {
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body(code, title, kind, 30, "Notice: " + title))
                .post(api("/purposes")).then().statusCode(201);
    }

    private static void decide(String session, String purpose, String decision) {
        RequestSpecification subject = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON);
        String hash = subject.get("/portal/" + tenant + "/purposes").then().statusCode(200)
                .extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions").then().statusCode(201);
    }

    private String auditPurpose(String entryId) {
        return given().auth().oauth2(admin).queryParam("action", "access.face_1_1").queryParam("subjectRef", alice)
                .get(api("/audit")).then().statusCode(200)
                .extract().path("items.find { it.id == '" + entryId + "' }.purpose");
    }

    /** Runs the UPDATE statements of the tenant migration V26 on one schema, as Flyway ran them on existing tenants. */
    private void migrate(String schema) throws IOException, SQLException {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/tenant/V26__site_purposes.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String withoutComments = Arrays.stream(script.split("\n")).filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            for (String statement : withoutComments.split(";")) {
                if (statement.strip().startsWith("UPDATE")) {
                    s.execute(statement);
                }
            }
            s.execute("SET search_path TO DEFAULT");
        }
    }

    private static String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }

    private static String schema() {
        return "t_" + tenant.replace('-', '_');
    }

    private long count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
