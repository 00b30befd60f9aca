package io.consentry.device;

import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Sites and devices end to end: real Keycloak clients, real client-credentials tokens. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DeviceFleetTest {

    private static String tenant;
    private static String admin;
    private static String otherTenant;
    private static String otherAdmin;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void tenantWithAdmin() {
        if (admin != null) {
            return;
        }
        Tenants.Pair pair = Tenants.pairWithAdmins(keycloak, "fleet", "COMPOUND", "MALL");
        tenant = pair.first().slug();
        admin = pair.first().admin();
        otherTenant = pair.second().slug();
        otherAdmin = pair.second().admin();
    }

    @Test
    void sitesAreCreatedListedRenamedAndOnlyEmptyOnesDeleted() {
        String site = Devices.createSite(admin, tenant, "North gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "north GATE"))
                .post(sites()).then().statusCode(409).contentType("application/problem+json").body("code", equalTo("site_exists"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "Lobby", "timeZone", "Mars/Olympus"))
                .post(sites()).then().statusCode(400).body("code", equalTo("invalid_time_zone"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "North gate (main)", "timeZone", "UTC"))
                .put(sites() + "/" + site).then().statusCode(200).body("name", equalTo("North gate (main)")).body("timeZone", equalTo("UTC"));
        given().auth().oauth2(admin).get(sites()).then().statusCode(200).body("name", hasItem("North gate (main)"));

        Devices.register(admin, tenant, site, "Turnstile 1");
        given().auth().oauth2(admin).delete(sites() + "/" + site).then().statusCode(409).body("code", equalTo("site_in_use"));
        String empty = Devices.createSite(admin, tenant, "Empty yard");
        given().auth().oauth2(admin).delete(sites() + "/" + empty).then().statusCode(204);
        given().auth().oauth2(admin).get(sites() + "/" + empty).then().statusCode(404).body("code", equalTo("site_not_found"));
        // Another tenant's admin cannot see this tenant's sites, even by id on their own route.
        given().auth().oauth2(otherAdmin).get("/api/v1/tenants/" + otherTenant + "/sites/" + site)
                .then().statusCode(404).body("code", equalTo("site_not_found"));
    }

    @Test
    void aRegisteredDeviceGetsATokenSendsHeartbeatsAndAdminsSeeThem() {
        String site = Devices.createSite(admin, tenant, "Gate " + System.nanoTime());
        Devices.Registered device = Devices.register(admin, tenant, site, "Kiosk A");
        assertThat(device.secret()).isNotBlank();
        assertThat(device.clientId()).startsWith("device-");
        // The secret is shown once: later reads do not carry it.
        given().auth().oauth2(admin).get(devices() + "/" + device.id())
                .then().statusCode(200).body("clientSecret", nullValue()).body("lastSeenAt", nullValue()).body("status", equalTo("ACTIVE"));

        String token = Devices.token(tenant, device);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("softwareVersion", "gate-fw 2.4.1", "health", "DEGRADED", "detail", "camera fogged"))
                .post("/api/v1/device/heartbeat").then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(admin).get(devices() + "?site=" + site)
                .then().statusCode(200)
                .body("[0].softwareVersion", equalTo("gate-fw 2.4.1"))
                .body("[0].health", equalTo("DEGRADED"))
                .body("[0].healthDetail", equalTo("camera fogged"))
                .body("[0].lastSeenAt", notNullValue());
    }

    @Test
    void rotatingTheSecretRetiresTheOldOne() {
        String site = Devices.createSite(admin, tenant, "Gate " + System.nanoTime());
        Devices.Registered device = Devices.register(admin, tenant, site, "Turnstile R");
        String fresh = given().auth().oauth2(admin).post(devices() + "/" + device.id() + "/rotate-secret")
                .then().statusCode(200).body("secretRotatedAt", notNullValue()).extract().path("clientSecret");
        assertThat(fresh).isNotBlank().isNotEqualTo(device.secret());
        Devices.tokenResponse(tenant, device.clientId(), device.secret()).then().statusCode(401);
        Devices.tokenResponse(tenant, device.clientId(), fresh).then().statusCode(200);
    }

    @Test
    void aRevokedDeviceIsRefusedAtOnceEvenWithAStillValidToken() {
        String site = Devices.createSite(admin, tenant, "Gate " + System.nanoTime());
        Devices.Registered device = Devices.register(admin, tenant, site, "Turnstile X");
        String token = Devices.token(tenant, device);
        heartbeat(token).then().statusCode(200);

        given().auth().oauth2(admin).post(devices() + "/" + device.id() + "/revoke")
                .then().statusCode(200).body("status", equalTo("REVOKED")).body("revokedAt", notNullValue());
        heartbeat(token).then().statusCode(403).contentType("application/problem+json").body("code", equalTo("device_revoked"));
        Devices.tokenResponse(tenant, device.clientId(), device.secret()).then().statusCode(401);
        given().auth().oauth2(admin).post(devices() + "/" + device.id() + "/rotate-secret")
                .then().statusCode(409).body("code", equalTo("device_revoked"));
    }

    @Test
    void userTokensAndOtherTenantsCannotUseDeviceRoutesOrRegisterDevices() {
        String site = Devices.createSite(admin, tenant, "Gate " + System.nanoTime());
        // A user token holding the device role is still not a registered device.
        String fakeDevice = Users.tokenFor(keycloak, tenant, "device");
        heartbeat(fakeDevice).then().statusCode(403).body("code", equalTo("device_unknown"));
        heartbeat(admin).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(otherAdmin).contentType(ContentType.JSON).body(Map.of("siteId", site, "name", "Intruder"))
                .post("/api/v1/tenants/" + otherTenant + "/devices").then().statusCode(400).body("code", equalTo("site_not_found"));
        given().auth().oauth2(otherAdmin).contentType(ContentType.JSON).body(Map.of("siteId", site, "name", "Intruder"))
                .post(devices()).then().statusCode(403).body("code", equalTo("tenant_mismatch"));
    }

    @Test
    void badInputGetsProblems() {
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post(devices()).then().statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"siteId\":\"nope\",\"name\":\"x\"}")
                .post(devices()).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).post(devices() + "/" + java.util.UUID.randomUUID() + "/revoke")
                .then().statusCode(404).body("code", equalTo("device_not_found"));
        given().auth().oauth2(admin).get(devices() + "/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        String site = Devices.createSite(admin, tenant, "Gate " + System.nanoTime());
        String token = Devices.token(tenant, Devices.register(admin, tenant, site, "Kiosk bad"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("softwareVersion", "1", "health", "SMOKING"))
                .post("/api/v1/device/heartbeat").then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_value"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{")
                .post("/api/v1/device/heartbeat").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    private static io.restassured.response.Response heartbeat(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("softwareVersion", "1.0", "health", "OK")).post("/api/v1/device/heartbeat");
    }

    private static String sites() {
        return "/api/v1/tenants/" + tenant + "/sites";
    }

    private static String devices() {
        return "/api/v1/tenants/" + tenant + "/devices";
    }
}
