package io.consentry.accessrights;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Access rights end to end on the real servers: groups and memberships through the admin API, a restricted site with
 * weekly windows and holidays, and decisions by real devices (face 1:1 and 1:N through the real engine, PIN and QR).
 * The rights clock is set to chosen moments (site time zone Asia/Shanghai, UTC+8); nobody waits for a weekday.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AccessRightsTest {

    /** Wednesday 2 December 2026, 10:00 in Shanghai: inside Tower A's weekday hours. */
    static final Instant WEDNESDAY_10 = Instant.parse("2026-12-02T02:00:00Z");
    /** The same Wednesday, 21:00 in Shanghai: outside them. */
    static final Instant WEDNESDAY_21 = Instant.parse("2026-12-02T13:00:00Z");
    /** Thursday 3 December, 10:00 in Shanghai: a holiday, closed all day. */
    static final Instant HOLIDAY_10 = Instant.parse("2026-12-03T02:00:00Z");
    /** Friday 4 December, short hours 09:00–12:00: 10:00 is in, 13:00 is out. */
    static final Instant SHORT_DAY_10 = Instant.parse("2026-12-04T02:00:00Z");
    static final Instant SHORT_DAY_13 = Instant.parse("2026-12-04T05:00:00Z");

    private static String tenant;
    private static String admin;
    private static String restricted;
    private static String open;
    private static Devices.Registered gate;
    private static Devices.Registered openGate;
    private static String towerA;
    private static String obama;
    private static String biden;
    private static String visitor;
    private static String obamaSession;
    private static String otherTenant;
    private static String otherAdmin;
    private static final Map<String, String> CONTACTS = new HashMap<>();

    @Inject
    Keycloak keycloak;

    @Inject
    SettableAccessClock clock;

    @BeforeEach
    void aCompoundWithATowerAndAnOpenGate() {
        clock.set(WEDNESDAY_10);
        if (admin != null) {
            return;
        }
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("rights");
        otherTenant = Tenants.uniqueSlug("rights-b");
        Tenants.create(operator, tenant, "COMPOUND");
        Tenants.create(operator, otherTenant, "COMPOUND");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        otherAdmin = Users.tokenFor(keycloak, otherTenant, "tenant-admin");
        restricted = Devices.createSite(admin, tenant, "Tower A lobby");
        open = Devices.createSite(admin, tenant, "Garden gate");
        faceAndPin(restricted);
        faceAndPin(open);
        gate = Devices.register(admin, tenant, restricted, "Tower A turnstile");
        openGate = Devices.register(admin, tenant, open, "Garden turnstile");

        obama = consentingSubject("obama-ref", "obama_1.jpg");
        biden = consentingSubject("biden-ref", "biden_1.jpg");
        visitor = Portal.subject(admin, tenant, "visitor-ref");
        for (String s : List.of(obama, biden, visitor)) {
            asAdmin().body(Map.of("subjectId", s, "kind", "PIN", "pin", "135790")).post(api("/credentials")).then().statusCode(201);
        }

        towerA = asAdmin().body(Map.of("name", "Tower A residents", "description", "Flats 1-40"))
                .post(api("/groups")).then().statusCode(201).body("members", equalTo(0)).extract().path("id");
        asAdmin().put(api("/groups/" + towerA + "/members/" + obama)).then().statusCode(200)
                .body("subjectRef", equalTo("obama-ref")).body("validNow", equalTo(true));
        asAdmin().body(Map.of("groups", List.of(Map.of("groupId", towerA, "weekly", List.of(
                                Map.of("days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), "from", "07:00", "to", "19:00")))),
                        "exceptions", List.of(
                                Map.of("date", "2026-12-03", "closed", true, "note", "Compound holiday"),
                                Map.of("date", "2026-12-04", "closed", false, "hours", List.of(Map.of("from", "09:00", "to", "12:00"))))))
                .put(api("/sites/" + restricted + "/rights")).then().statusCode(200)
                .body("restricted", equalTo(true)).body("groups[0].groupName", equalTo("Tower A residents"))
                .body("exceptions", hasSize(2));
    }

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    @Test
    void aSiteWithoutRightsIsOpenAndShownSo() {
        asAdmin().get(api("/sites/" + open + "/rights")).then().statusCode(200)
                .body("restricted", equalTo(false)).body("groups", hasSize(0));
        pin(openGate, "biden-ref").then().body("decision", equalTo("GRANTED"));
        identify(openGate, "biden_2.jpg").then().body("decision", equalTo("GRANTED")).body("subjectId", equalTo(biden));
        verify(openGate, "biden-ref", "biden_2.jpg").then().body("decision", equalTo("GRANTED"));
    }

    @Test
    void aSubjectOutsideTheGroupIsDeniedByEveryMethod() {
        verify(gate, "biden-ref", "biden_2.jpg").then().statusCode(200).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("not_authorised_here")).body("score", nullValue());
        pin(gate, "biden-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("not_authorised_here"));
        String qr = asAdmin().body(Map.of("subjectId", biden, "kind", "QR_ONE_TIME", "validForMinutes", 10))
                .post(api("/credentials")).then().statusCode(201).extract().path("qrPayload");
        alternative(gate, Map.of("method", "QR", "qr", qr)).then().body("decision", equalTo("DENIED"))
                .body("reason", equalTo("not_authorised_here"));
        // 1:N searches only the people allowed here: Biden is nobody at this gate, never somebody else.
        identify(gate, "biden_2.jpg").then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"))
                .body("reason", equalTo("no_match")).body("subjectId", nullValue()).body("score", nullValue());
        // A wrong PIN stays a wrong PIN: the rights are asked only once the person proved who they are.
        alternative(gate, Map.of("method", "PIN", "subjectRef", "biden-ref", "pin", "000000")).then()
                .body("reason", equalTo("wrong_secret"));
        // The member gets in by every method.
        verify(gate, "obama-ref", "obama_2.jpg").then().body("decision", equalTo("GRANTED"));
        identify(gate, "obama_3.jpg").then().body("decision", equalTo("GRANTED")).body("subjectId", equalTo(obama));
        pin(gate, "obama-ref").then().body("decision", equalTo("GRANTED"));
    }

    @Test
    void aMemberOutsideTheScheduleIsDeniedOutsideSchedule() {
        clock.set(WEDNESDAY_21);
        verify(gate, "obama-ref", "obama_2.jpg").then().body("decision", equalTo("DENIED")).body("reason", equalTo("outside_schedule"));
        pin(gate, "obama-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("outside_schedule"));
        // Nobody is allowed at this moment, so nobody is searched.
        identify(gate, "obama_3.jpg").then().body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"))
                .body("subjectId", nullValue());
        // A non-member is still not_authorised_here, whatever the time.
        pin(gate, "biden-ref").then().body("reason", equalTo("not_authorised_here"));
    }

    @Test
    void holidaysCloseOrShortenTheDay() {
        clock.set(HOLIDAY_10);
        pin(gate, "obama-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("outside_schedule"));
        clock.set(SHORT_DAY_10);
        pin(gate, "obama-ref").then().body("decision", equalTo("GRANTED"));
        clock.set(SHORT_DAY_13);
        pin(gate, "obama-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("outside_schedule"));
    }

    @Test
    void aMembershipCountsOnlyWithinItsPeriod() {
        String g = asAdmin().body(Map.of("name", "Summer tenants")).post(api("/groups")).then().statusCode(201).extract().path("id");
        String site = Devices.createSite(admin, tenant, "Pool");
        Devices.Registered pool = Devices.register(admin, tenant, site, "Pool gate");
        asAdmin().body(Map.of("groups", List.of(Map.of("groupId", g)))).put(api("/sites/" + site + "/rights")).then().statusCode(200);
        asAdmin().body(Map.of("validFrom", "2026-12-10T00:00:00Z", "validUntil", "2026-12-20T00:00:00Z"))
                .put(api("/groups/" + g + "/members/" + visitor)).then().statusCode(200).body("validNow", equalTo(false));
        pin(pool, "visitor-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("not_authorised_here"));
        clock.set(Instant.parse("2026-12-15T03:00:00Z"));
        pin(pool, "visitor-ref").then().body("decision", equalTo("GRANTED"));
        clock.set(Instant.parse("2026-12-20T00:00:00Z")); // the end is exclusive
        pin(pool, "visitor-ref").then().body("decision", equalTo("DENIED")).body("reason", equalTo("not_authorised_here"));
        asAdmin().get(api("/subjects/" + visitor + "/groups")).then().statusCode(200)
                .body("groupName", hasItem("Summer tenants")).body("[0].validUntil", equalTo("2026-12-20T00:00:00Z"));
    }

    @Test
    void aChangeOfMembershipIsSeenByTheNextDecision() {
        String g = asAdmin().body(Map.of("name", "Staff")).post(api("/groups")).then().statusCode(201).extract().path("id");
        String site = Devices.createSite(admin, tenant, "Staff room");
        faceAndPin(site);
        Devices.Registered door = Devices.register(admin, tenant, site, "Staff door");
        asAdmin().body(Map.of("groups", List.of(Map.of("groupId", g)))).put(api("/sites/" + site + "/rights")).then().statusCode(200);
        identify(door, "biden_2.jpg").then().body("decision", equalTo("FALLBACK_REQUIRED")).body("reason", equalTo("no_match"));
        asAdmin().put(api("/groups/" + g + "/members/" + biden)).then().statusCode(200);
        identify(door, "biden_2.jpg").then().body("decision", equalTo("GRANTED")).body("subjectId", equalTo(biden));
        asAdmin().delete(api("/groups/" + g + "/members/" + biden)).then().statusCode(204);
        identify(door, "biden_2.jpg").then().body("decision", equalTo("FALLBACK_REQUIRED")).body("subjectId", nullValue());
        pin(door, "biden-ref").then().body("reason", equalTo("not_authorised_here"));
        // Back to open: no group listed.
        asAdmin().body(Map.of("groups", List.of())).put(api("/sites/" + site + "/rights")).then().statusCode(200)
                .body("restricted", equalTo(false));
        pin(door, "biden-ref").then().body("decision", equalTo("GRANTED"));
        // Every change is in the audit log.
        asAdmin().get(api("/audit?action=group.member.added")).then().statusCode(200).body("items.size()", not(equalTo(0)));
        asAdmin().get(api("/audit?action=site.rights.updated")).then().statusCode(200).body("items.size()", not(equalTo(0)));
    }

    @Test
    void aGuardOverridesTheRightsAndTheAuditSaysWhatTheyWere() {
        String guard = Users.tokenFor(keycloak, tenant, "guard");
        given().auth().oauth2(guard).contentType(ContentType.JSON)
                .body(Map.of("siteId", restricted, "subjectId", biden, "decision", "GRANTED", "reason", "delivery, known to me"))
                .post("/api/v1/device/guard-override").then().statusCode(200).body("decision", equalTo("GRANTED"));
        asAdmin().get(api("/audit?action=access.guard-override")).then().statusCode(200)
                .body("items[0].details.rights", equalTo("not_authorised_here"));
        // ...but a guard cannot change rights or groups; an auditor reads them only.
        given().auth().oauth2(guard).contentType(ContentType.JSON).body(Map.of("groups", List.of()))
                .put(api("/sites/" + restricted + "/rights")).then().statusCode(403);
        given().auth().oauth2(guard).contentType(ContentType.JSON).body(Map.of("name", "Guards' friends"))
                .post(api("/groups")).then().statusCode(403);
        given().auth().oauth2(guard).contentType(ContentType.JSON)
                .put(api("/groups/" + towerA + "/members/" + biden)).then().statusCode(403);
        String auditor = Users.tokenFor(keycloak, tenant, "auditor");
        given().auth().oauth2(auditor).get(api("/sites/" + restricted + "/rights")).then().statusCode(200).body("restricted", equalTo(true));
        given().auth().oauth2(auditor).get(api("/groups/" + towerA + "/members")).then().statusCode(200);
        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("groups", List.of()))
                .put(api("/sites/" + restricted + "/rights")).then().statusCode(403);
        asAdmin().get(api("/sites/" + restricted + "/rights")).then().body("restricted", equalTo(true));
    }

    @Test
    void badRightsAreRefusedAndNothingIsWritten() {
        String before = asAdmin().get(api("/sites/" + restricted + "/rights")).then().statusCode(200).extract().asString();
        Map<String, Object> window = Map.of("days", List.of("MONDAY"), "from", "08:00", "to", "12:00");
        bad(rights(List.of(Map.of("groupId", java.util.UUID.randomUUID().toString())), List.of()), 400, "rights_invalid");
        String foreignGroup = given().auth().oauth2(otherAdmin).contentType(ContentType.JSON).body(Map.of("name", "Theirs"))
                .post("/api/v1/tenants/" + otherTenant + "/groups").then().statusCode(201).extract().path("id");
        bad(rights(List.of(Map.of("groupId", foreignGroup)), List.of()), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA, "weekly", List.of(Map.of("days", List.of("MONDAY"), "from", "22:00", "to", "06:00")))),
                List.of()), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA, "weekly", List.of(window,
                Map.of("days", List.of("MONDAY", "TUESDAY"), "from", "11:00", "to", "13:00")))), List.of()), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA), Map.of("groupId", towerA)), List.of()), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA)), List.of(Map.of("date", "2026-12-25", "closed", true,
                "hours", List.of(Map.of("from", "09:00", "to", "10:00"))))), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA)), List.of(Map.of("date", "2026-12-25", "closed", false))), 400, "rights_invalid");
        bad(rights(List.of(Map.of("groupId", towerA, "weekly", List.of(Map.of("days", List.of("MONDAY"), "from", "25:00", "to", "26:00")))),
                List.of()), 400, null);
        bad(rights(List.of(Map.of("groupId", towerA, "weekly", List.of(Map.of("days", "MONDAY", "from", "08:00", "to", "09:00")))),
                List.of()), 400, null);
        bad(asAdmin().body("{\"groups\": [").put(api("/sites/" + restricted + "/rights")), 400, null);
        Response errors = rights(List.of(Map.of("groupId", towerA, "weekly", List.of(Map.of("days", List.of("MONDAY"), "from", "22:00", "to", "06:00")))), List.of());
        assertThat((List<?>) errors.path("errors")).isNotEmpty();
        assertThat((String) errors.path("errors[0].field")).isEqualTo("groups[0].weekly[0]");
        // Another tenant's site is unknown here.
        String foreignSite = Devices.createSite(otherAdmin, otherTenant, "Their gate");
        bad(asAdmin().body(Map.of("groups", List.of())).put(api("/sites/" + foreignSite + "/rights")), 404, "site_not_found");
        assertThat(asAdmin().get(api("/sites/" + restricted + "/rights")).then().extract().asString()).isEqualTo(before);

        // Groups and memberships.
        bad(asAdmin().body(Map.of("name", "tower a RESIDENTS")).post(api("/groups")), 409, "group_exists");
        bad(asAdmin().body(Map.of("name", " ")).post(api("/groups")), 400, "validation_failed");
        bad(asAdmin().body(Map.of("name", 42)).post(api("/groups")), 400, null);
        bad(asAdmin().delete(api("/groups/" + towerA)), 409, "group_in_use");
        bad(asAdmin().get(api("/groups/" + foreignGroup + "/members")), 404, "group_not_found");
        bad(asAdmin().put(api("/groups/" + foreignGroup + "/members/" + obama)), 404, "group_not_found");
        bad(asAdmin().put(api("/groups/" + towerA + "/members/" + java.util.UUID.randomUUID())), 404, "subject_not_found");
        bad(asAdmin().body(Map.of("validFrom", "2026-12-10T00:00:00Z", "validUntil", "2026-12-01T00:00:00Z"))
                .put(api("/groups/" + towerA + "/members/" + biden)), 400, "membership_invalid");
        bad(asAdmin().body(Map.of("validFrom", "next week")).put(api("/groups/" + towerA + "/members/" + biden)), 400, null);
        bad(asAdmin().delete(api("/groups/" + towerA + "/members/" + biden)), 404, "membership_not_found");
        bad(given().auth().oauth2(otherAdmin).get(api("/groups")), 403, null);
        asAdmin().get(api("/groups/" + towerA + "/members")).then().statusCode(200).body("subjectRef", equalTo(List.of("obama-ref")));
    }

    @Test
    void groupsAreRenamedAndDeletedWithTheirMemberships() {
        String g = asAdmin().body(Map.of("name", "Gym members")).post(api("/groups")).then().statusCode(201).extract().path("id");
        asAdmin().put(api("/groups/" + g + "/members/" + visitor)).then().statusCode(200);
        asAdmin().body(Map.of("name", "Gym and pool members")).put(api("/groups/" + g)).then().statusCode(200)
                .body("name", equalTo("Gym and pool members")).body("members", equalTo(1));
        asAdmin().get(api("/groups")).then().statusCode(200).body("name", hasItem("Gym and pool members"));
        asAdmin().delete(api("/groups/" + g)).then().statusCode(204);
        bad(asAdmin().get(api("/groups/" + g)), 404, "group_not_found");
        asAdmin().get(api("/subjects/" + visitor + "/groups")).then().statusCode(200).body("groupName", not(hasItem("Gym and pool members")));
        asAdmin().get(api("/audit?action=group.deleted")).then().statusCode(200).body("items[0].details.membershipsDeleted", equalTo("1"));
    }

    @Test
    void erasingASubjectEndsTheirMemberships() {
        String leaving = Portal.subject(admin, tenant, "leaving-ref");
        asAdmin().put(api("/groups/" + towerA + "/members/" + leaving)).then().statusCode(200);
        asAdmin().delete(api("/subjects/" + leaving)).then().statusCode(200);
        asAdmin().get(api("/groups/" + towerA + "/members")).then().statusCode(200).body("subjectId", not(hasItem(leaving)));
        asAdmin().get(api("/audit?action=subject.erased&subjectRef=" + leaving)).then().statusCode(200)
                .body("items[0].details.groupMemberships", equalTo("1"));
    }

    @Test
    void thePortalShowsWhereTheSubjectMayGo() {
        given().header("Authorization", "Portal " + obamaSession).get("/portal/" + tenant + "/places").then().statusCode(200)
                .body("find { it.siteName == 'Tower A lobby' }.restricted", equalTo(true))
                .body("find { it.siteName == 'Tower A lobby' }.via[0].group", equalTo("Tower A residents"))
                .body("find { it.siteName == 'Tower A lobby' }.via[0].weekly[0].from", equalTo("07:00:00"))
                .body("find { it.siteName == 'Tower A lobby' }.exceptions.date", hasItem("2026-12-03"))
                .body("find { it.siteName == 'Garden gate' }.restricted", equalTo(false));
        String bidenSession = Portal.session(admin, tenant, biden, CONTACTS.get(biden));
        given().header("Authorization", "Portal " + bidenSession).get("/portal/" + tenant + "/places").then().statusCode(200)
                .body("siteName", not(hasItem("Tower A lobby"))).body("siteName", hasItem("Garden gate"));
        given().get("/portal/" + tenant + "/places").then().statusCode(401);
    }

    // ------------------------------------------------------------------ helpers

    private static void faceAndPin(String site) {
        asAdmin().body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN", "QR", "GUARD"),
                        "faceClaimTypes", List.of("SUBJECT_REF"), "verificationPurpose", "gate-verification",
                        "identificationPurpose", "member-identification", "livenessRequired", false, "targetFar", 0.001,
                        "faceAttemptsBeforeFallback", 3))
                .put(api("/sites/" + site + "/policy")).then().statusCode(200);
    }

    private static Response rights(List<Map<String, Object>> groups, List<Map<String, Object>> exceptions) {
        return asAdmin().body(Map.of("groups", groups, "exceptions", exceptions)).put(api("/sites/" + restricted + "/rights"));
    }

    private static void bad(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).as(response.asString()).isEqualTo(code);
        }
    }

    private String consentingSubject(String ref, String selfie) {
        String id = Portal.subject(admin, tenant, ref);
        CONTACTS.put(id, Portal.contact(tenant, ref));
        String session = Portal.session(admin, tenant, id, CONTACTS.get(id));
        for (String purpose : List.of("gate-verification", "member-identification")) {
            List<Map<String, Object>> purposes = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                    .then().statusCode(200).extract().path("$");
            String hash = purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                    .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
            given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                    .post("/portal/" + tenant + "/decisions").then().statusCode(201);
        }
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
        if (ref.startsWith("obama")) {
            obamaSession = session;
        }
        return id;
    }

    private static Response pin(Devices.Registered device, String ref) {
        return alternative(device, Map.of("method", "PIN", "subjectRef", ref, "pin", "135790"));
    }

    private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String token(Devices.Registered device) {
        return TOKENS.computeIfAbsent(device.id(), id -> Devices.token(tenant, device));
    }

    private static Response alternative(Devices.Registered device, Map<String, Object> body) {
        Response r = given().auth().oauth2(token(device)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/device/alternative");
        r.then().statusCode(200);
        return r;
    }

    static Response verify(Devices.Registered device, String ref, String photo) {
        return device(device, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", ref), "image", b64(photo)));
    }

    static Response identify(Devices.Registered device, String photo) {
        return device(device, "/identify", Map.of("image", b64(photo)));
    }

    private static Response device(Devices.Registered device, String path, Object body) {
        Response r = given().auth().oauth2(token(device)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/device" + path);
        r.then().statusCode(200);
        return r;
    }

    private static String b64(String photo) {
        return Base64.getEncoder().encodeToString(photo(photo));
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private static String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }
}
