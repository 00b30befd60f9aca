package io.consentry.dashboard;

import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The dashboard counts what really happened in the tenant: subjects consent and enrol through the portal, devices
 * heartbeat and decide through the device API, a guard overrides; then the counts are read back.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DashboardTest {

    @Inject
    Keycloak keycloak;

    private String tenant;
    private String admin;

    @Test
    void countsWhatHappenedTodayAndOnlyForTheTenantsStaff() {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("dash");
        String otherTenant = Tenants.uniqueSlug("dash-b");
        Tenants.create(operator, tenant, "COMPOUND");
        Tenants.create(operator, otherTenant, "COMPOUND");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");

        // nothing yet: the default purposes are there, every count is zero
        dashboard(admin, "Asia/Shanghai").then().statusCode(200)
                .body("timeZone", equalTo("Asia/Shanghai")).body("subjects", equalTo(0))
                .body("activeConsents.code", equalTo(List.of("gate-verification", "member-identification")))
                .body("activeConsents.active", equalTo(List.of(0, 0)))
                .body("verificationsToday.total", equalTo(0)).body("devices.active", equalTo(0));

        String site = Devices.createSite(admin, tenant, "Main gate");
        asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                "verificationPurpose", "gate-verification", "livenessRequired", false)).put(api("/sites/" + site + "/policy")).then().statusCode(200);
        Devices.Registered gate = Devices.register(admin, tenant, site, "Gate 1");
        Devices.register(admin, tenant, site, "Gate 2 (never seen)");
        Devices.Registered old = Devices.register(admin, tenant, site, "Old gate");
        asAdmin().post(api("/devices/" + old.id() + "/revoke")).then().statusCode(200);
        String device = Devices.token(tenant, gate);
        given().auth().oauth2(device).contentType(ContentType.JSON).body(Map.of("softwareVersion", "2.1", "health", "OK"))
                .post("/api/v1/device/heartbeat").then().statusCode(200);

        String obama = subject("obama-ref");
        String session = session(obama);
        decide(session, "gate-verification", "GRANT");
        decide(session, "member-identification", "REFUSE");
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
        String rose = subject("rose-ref");
        decide(session(rose), "gate-verification", "REFUSE");
        asAdmin().body(Map.of("subjectId", rose, "kind", "PIN", "pin", "135790")).post(api("/credentials")).then().statusCode(201);
        subject("erased-ref");

        verify(device, "obama-ref", photo("obama_2.jpg")).then().statusCode(200).body("decision", equalTo("GRANTED"));
        verify(device, "obama-ref", photo("biden_2.jpg")).then().statusCode(200).body("decision", equalTo("DENIED"));
        verify(device, "rose-ref", photo("rose_leslie_1.jpg")).then().statusCode(200).body("decision", equalTo("FALLBACK_REQUIRED"));
        alternative(device, "135790").then().statusCode(200).body("decision", equalTo("GRANTED"));
        alternative(device, "000000").then().statusCode(200).body("decision", equalTo("DENIED"));
        given().auth().oauth2(Users.tokenFor(keycloak, tenant, "guard")).contentType(ContentType.JSON)
                .body(Map.of("siteId", site, "decision", "GRANTED", "reason", "resident known to me"))
                .post("/api/v1/device/guard-override").then().statusCode(200);

        for (String zone : List.of("Asia/Shanghai", "UTC")) {
            Response dash = dashboard(admin, zone);
            dash.then().statusCode(200)
                    .body("subjects", equalTo(3))
                    .body("activeConsents.find { it.code == 'gate-verification' }.active", equalTo(1))
                    .body("activeConsents.find { it.code == 'member-identification' }.active", equalTo(0))
                    .body("enrolments.enrolledSubjects", equalTo(1)).body("enrolments.templates", equalTo(1))
                    .body("enrolments.today", equalTo(1))
                    .body("verificationsToday.granted", equalTo(1)).body("verificationsToday.fallback", equalTo(1))
                    .body("verificationsToday.denied", equalTo(1)).body("verificationsToday.total", equalTo(3))
                    .body("alternativesToday.granted", equalTo(2)).body("alternativesToday.denied", equalTo(1))
                    .body("alternativesToday.byMethod.PIN", equalTo(2)).body("alternativesToday.byMethod.GUARD", equalTo(1))
                    .body("alternativesToday.byMethod.QR", equalTo(0))
                    .body("devices.active", equalTo(2)).body("devices.online", equalTo(1)).body("devices.revoked", equalTo(1))
                    .body("devices.onlineWindowSeconds", equalTo(300));
            assertThat(((Number) dash.path("auditEntries")).longValue()).isGreaterThan(10);
        }

        // an erased subject no longer counts
        String erased = given().auth().oauth2(admin).queryParam("q", "erased-ref").get(api("/subjects")).then().statusCode(200)
                .extract().path("items[0].id");
        asAdmin().delete(api("/subjects/" + erased)).then().statusCode(200);
        dashboard(admin, null).then().statusCode(200).body("subjects", equalTo(2)).body("timeZone", equalTo("Z"));

        // auditors read it; guards, devices, other tenants and strangers do not
        dashboard(Users.tokenFor(keycloak, tenant, "auditor"), "UTC").then().statusCode(200).body("subjects", equalTo(2));
        problem(dashboard(Users.tokenFor(keycloak, tenant, "guard"), "UTC"), 403, "forbidden");
        problem(dashboard(device, "UTC"), 403, "forbidden");
        problem(dashboard(Users.tokenFor(keycloak, otherTenant, "tenant-admin"), "UTC"), 403, "tenant_mismatch");
        problem(given().get(api("/dashboard")), 401, "unauthorized");
        problem(dashboard(admin, "Mars/Olympus_Mons"), 400, "invalid_time_zone");
    }

    private Response dashboard(String token, String zone) {
        RequestSpecification request = given().auth().oauth2(token);
        if (zone != null) {
            request = request.queryParam("tz", zone);
        }
        return request.get(api("/dashboard"));
    }

    private final Map<String, String> contacts = new java.util.HashMap<>();

    private String subject(String ref) {
        String id = io.consentry.testing.Portal.subject(admin, tenant, ref);
        contacts.put(id, io.consentry.testing.Portal.contact(tenant, ref));
        return id;
    }

    /** The subject opens the invitation link mailed to them. */
    private String session(String subjectId) {
        return io.consentry.testing.Portal.session(admin, tenant, subjectId, contacts.get(subjectId));
    }

    private void decide(String session, String purpose, String decision) {
        List<Map<String, Object>> purposes = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                .then().statusCode(200).extract().path("$");
        String hash = purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", decision, "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions").then().statusCode(201);
    }

    private static Response verify(String device, String ref, byte[] image) {
        return given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("claim", Map.of("type", "SUBJECT_REF", "value", ref), "image", Base64.getEncoder().encodeToString(image)))
                .post("/api/v1/device/verify");
    }

    private static Response alternative(String device, String pin) {
        return given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("method", "PIN", "subjectRef", "rose-ref", "pin", pin)).post("/api/v1/device/alternative");
    }

    private static void problem(Response response, int status, String code) {
        response.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    private RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }
}
