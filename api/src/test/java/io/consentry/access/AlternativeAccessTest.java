package io.consentry.access;

import io.consentry.credential.Totp;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** PIN, QR and card decisions at a real device, and guards' manual decisions. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AlternativeAccessTest {

    private static String tenant;
    private static String admin;
    private static String site;
    private static Devices.Registered device;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void deviceAtASite() {
        if (admin != null) {
            return;
        }
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("alt");
        Tenants.create(operator, tenant, "COMPOUND");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        site = Devices.createSite(admin, tenant, "Main gate");
        device = Devices.register(admin, tenant, site, "Gate 1");
    }

    @Test
    void aPinOpensAndWrongPinsLockTheCredential() {
        String subject = newSubject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "482913")).then().statusCode(201)
                .body("pin", equalTo("482913")).body("kind", equalTo("PIN"));
        given().auth().oauth2(admin).get(credentials() + "?subject=" + subject).then().statusCode(200)
                .body("[0]", not(hasKey("pin"))).body("[0].status", equalTo("ACTIVE"));

        String token = deviceToken();
        alternative(token, Map.of("method", "PIN", "subjectId", subject, "pin", "482913")).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("reason", equalTo("credential_valid"))
                .body("subjectId", equalTo(subject)).body("siteId", equalTo(site)).body("deviceId", equalTo(device.id()))
                .body("score", nullValue())
                .body("allowedMethods", containsInAnyOrder("PIN", "QR", "CARD", "GUARD"));
        for (int i = 1; i <= 4; i++) {
            alternative(token, Map.of("method", "PIN", "subjectId", subject, "pin", "000000")).then().statusCode(200)
                    .body("decision", equalTo("DENIED")).body("reason", equalTo("wrong_secret"));
        }
        alternative(token, Map.of("method", "PIN", "subjectId", subject, "pin", "000000")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("credential_locked"));
        // Locked: even the right PIN is refused until the lockout ends.
        alternative(token, Map.of("method", "PIN", "subjectId", subject, "pin", "482913")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("credential_locked"));
        // A PIN for someone who has none, or for nobody, is answered like a wrong PIN: the device learns nothing.
        alternative(token, Map.of("method", "PIN", "subjectId", UUID.randomUUID().toString(), "pin", "482913")).then()
                .statusCode(200).body("decision", equalTo("DENIED")).body("reason", equalTo("wrong_secret"));
        alternative(token, Map.of("method", "PIN", "subjectId", newSubject(), "pin", "482913")).then()
                .statusCode(200).body("decision", equalTo("DENIED")).body("reason", equalTo("wrong_secret"));
    }

    @Test
    void aOneTimeQrCodeOpensOnce() {
        String subject = newSubject();
        String qr = issue(Map.of("subjectId", subject, "kind", "QR_ONE_TIME", "validForMinutes", 10))
                .then().statusCode(201).extract().path("qrPayload");
        String token = deviceToken();
        alternative(token, Map.of("method", "QR", "qr", qr)).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(subject));
        alternative(token, Map.of("method", "QR", "qr", qr)).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("credential_used"));
        alternative(token, Map.of("method", "QR", "qr", qr.substring(0, qr.length() - 2) + "xx")).then().statusCode(200)
                .body("decision", equalTo("DENIED"));
        alternative(token, Map.of("method", "QR", "qr", "not a consentry code")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("unknown_credential"));
    }

    @Test
    void aTimeBasedQrCodeOpensAndCannotBeReplayed() {
        String subject = newSubject();
        var issued = issue(Map.of("subjectId", subject, "kind", "QR_TOTP")).then().statusCode(201).extract();
        String id = issued.path("id");
        byte[] secret = base32(issued.path("totpSecret"));
        String code = Totp.code(secret, Totp.step(Instant.now().getEpochSecond()));
        String token = deviceToken();
        alternative(token, Map.of("method", "QR", "qr", "CQ1.T." + id + "." + code)).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(subject));
        alternative(token, Map.of("method", "QR", "qr", "CQ1.T." + id + "." + code)).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("code_replayed"));
        alternative(token, Map.of("method", "QR", "qr", "CQ1.T." + id + ".12345678")).then().statusCode(200)
                .body("decision", equalTo("DENIED"));
    }

    @Test
    void aCardOpensUntilRevoked() {
        String subject = newSubject();
        String card = "CARD-" + UUID.randomUUID();
        String id = issue(Map.of("subjectId", subject, "kind", "CARD", "cardId", card)).then().statusCode(201).extract().path("id");
        issue(Map.of("subjectId", newSubject(), "kind", "CARD", "cardId", card)).then().statusCode(409)
                .body("code", equalTo("card_in_use"));
        String token = deviceToken();
        alternative(token, Map.of("method", "CARD", "cardId", card)).then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(subject));
        given().auth().oauth2(admin).post(credentials() + "/" + id + "/revoke").then().statusCode(200).body("status", equalTo("REVOKED"));
        alternative(token, Map.of("method", "CARD", "cardId", card)).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("unknown_credential"));
    }

    @Test
    void aMethodThePolicyDoesNotAllowIsDenied() {
        String cardOnly = Devices.createSite(admin, tenant, "Card-only door");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("methods", List.of("CARD")))
                .put("/api/v1/tenants/" + tenant + "/sites/" + cardOnly + "/policy").then().statusCode(200);
        Devices.Registered door = Devices.register(admin, tenant, cardOnly, "Door");
        String subject = newSubject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "123456")).then().statusCode(201);
        alternative(Devices.token(tenant, door), Map.of("method", "PIN", "subjectId", subject, "pin", "123456")).then().statusCode(200)
                .body("decision", equalTo("DENIED")).body("reason", equalTo("method_not_allowed"))
                .body("allowedMethods", containsInAnyOrder("CARD"));
        // ... and guards cannot override there either.
        given().auth().oauth2(Users.tokenFor(keycloak, tenant, "guard")).contentType(ContentType.JSON)
                .body(Map.of("siteId", cardOnly, "decision", "GRANTED", "reason", "visitor known to me"))
                .post("/api/v1/device/guard-override").then().statusCode(409).body("code", equalTo("method_not_allowed"));
    }

    @Test
    void aGuardRecordsAManualDecisionWithAReason() {
        String guard = Users.tokenFor(keycloak, tenant, "guard");
        given().auth().oauth2(guard).contentType(ContentType.JSON)
                .body(Map.of("siteId", site, "deviceId", device.id(), "decision", "GRANTED", "reason", "checked the ID card by hand"))
                .post("/api/v1/device/guard-override").then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("reason", equalTo("guard_override")).body("method", equalTo("GUARD"));
        // Devices and admins are not guards.
        given().auth().oauth2(deviceToken()).contentType(ContentType.JSON)
                .body(Map.of("siteId", site, "decision", "GRANTED", "reason", "let me in"))
                .post("/api/v1/device/guard-override").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(guard).contentType(ContentType.JSON)
                .body(Map.of("siteId", site, "decision", "GRANTED", "reason", ""))
                .post("/api/v1/device/guard-override").then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(guard).contentType(ContentType.JSON)
                .body(Map.of("siteId", UUID.randomUUID().toString(), "decision", "GRANTED", "reason", "unknown site"))
                .post("/api/v1/device/guard-override").then().statusCode(404).body("code", equalTo("site_not_found"));
    }

    @Test
    void badInputToTheAlternativeEndpointGetsProblems() {
        String token = deviceToken();
        bad(token, Map.of("method", "PIN", "pin", "1234"), 400, "missing_credential");
        bad(token, Map.of("method", "QR"), 400, "missing_credential");
        bad(token, Map.of("method", "CARD", "cardId", " "), 400, "missing_credential");
        bad(token, Map.of("method", "IRIS"), 400, "invalid_value");
        bad(token, Map.of("pin", "1234"), 400, "validation_failed");
        bad(token, Map.of("method", "PIN", "pin", "1234", "subjectId", "not-a-uuid"), 400, "invalid_value");
        bad(token, Map.of("method", "CARD", "cardId", "x".repeat(5000)), 400, "validation_failed");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[1,2").post("/api/v1/device/alternative")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("PIN 1234").post("/api/v1/device/alternative")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"method\":\"CARD\",\"cardId\":\"" + "A".repeat(5 * 1024 * 1024) + "\"}")
                .post("/api/v1/device/alternative").then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("request_too_large"));
        given().contentType(ContentType.JSON).body(Map.of("method", "CARD", "cardId", "x")).post("/api/v1/device/alternative")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aDeviceThatHammersTheDecisionEndpointsIsRateLimited() throws Exception {
        String token = Devices.token(tenant, Devices.register(admin, tenant, site, "Hammering gate"));
        // 100 calls, 10 at a time: far above 10/s with a burst of 20, however slow the machine is.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        List<java.util.concurrent.Future<Response>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(pool.submit(() -> alternative(token, Map.of("method", "CARD", "cardId", "no-such-card"))));
        }
        int limited = 0;
        for (java.util.concurrent.Future<Response> call : calls) {
            Response r = call.get();
            if (r.statusCode() == 429) {
                limited++;
                r.then().contentType("application/problem+json").body("code", equalTo("rate_limited"));
            } else {
                r.then().statusCode(200).body("decision", equalTo("DENIED"));
            }
        }
        pool.shutdown();
        org.assertj.core.api.Assertions.assertThat(limited).as("429 answers").isPositive();
        // Other devices are not affected.
        alternative(deviceToken(), Map.of("method", "CARD", "cardId", "no-such-card")).then().statusCode(200);
    }

    @Test
    void badCredentialRequestsAreRefused() {
        String subject = newSubject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "12")).then().statusCode(400).body("code", equalTo("validation_failed"));
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "12345")).then().statusCode(400).body("code", equalTo("validation_failed"));
        issue(Map.of("subjectId", UUID.randomUUID().toString(), "kind", "PIN")).then().statusCode(400).body("code", equalTo("subject_not_found"));
        issue(Map.of("subjectId", subject, "kind", "CARD")).then().statusCode(400).body("code", equalTo("invalid_credential_request"));
        issue(Map.of("subjectId", subject, "kind", "QR_TOTP", "pin", "123456")).then().statusCode(400).body("code", equalTo("invalid_credential_request"));
        issue(Map.of("subjectId", subject, "kind", "FINGERPRINT")).then().statusCode(400).body("code", equalTo("invalid_value"));
        given().auth().oauth2(admin).post(credentials() + "/" + UUID.randomUUID() + "/revoke").then().statusCode(404)
                .body("code", equalTo("credential_not_found"));
        // A generated PIN is shown once and works.
        String pin = issue(Map.of("subjectId", subject, "kind", "PIN")).then().statusCode(201).extract().path("pin");
        alternative(deviceToken(), Map.of("method", "PIN", "subjectId", subject, "pin", pin)).then().statusCode(200)
                .body("decision", equalTo("GRANTED"));
    }

    @Test
    void everyDecisionAndCredentialChangeIsAuditedWithoutSecrets() {
        String subject = newSubject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "770011")).then().statusCode(201);
        String entry = alternative(deviceToken(), Map.of("method", "PIN", "subjectId", subject, "pin", "770011"))
                .then().statusCode(200).body("decision", equalTo("GRANTED")).extract().path("auditEntryId");
        given().auth().oauth2(admin).get("/api/v1/tenants/" + tenant + "/audit?subjectRef=" + subject + "&action=access.pin")
                .then().statusCode(200)
                .body("items[0].id", equalTo(entry))
                .body("items[0].actorType", equalTo("DEVICE"))
                .body("items[0].actorId", equalTo(device.clientId()))
                .body("items[0].outcome", equalTo("GRANTED"))
                .body("items[0].details.reason", equalTo("credential_valid"))
                .body("items[0].details.site", equalTo(site));
        given().auth().oauth2(admin).get("/api/v1/tenants/" + tenant + "/audit?subjectRef=" + subject + "&action=credential.issued")
                .then().statusCode(200).body("items[0].details.kind", equalTo("PIN"));
        String export = given().auth().oauth2(admin).get("/api/v1/tenants/" + tenant + "/audit/export").then().statusCode(200)
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(export).contains("device.registered", "site.created", "access.pin")
                .doesNotContain("770011").doesNotContain(device.secret());
        given().auth().oauth2(admin).post("/api/v1/tenants/" + tenant + "/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    private static void bad(String token, Map<String, Object> body, int status, String code) {
        alternative(token, new HashMap<>(body)).then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    private static String newSubject() {
        String ref = "person-" + UUID.randomUUID();
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("externalRef", ref, "displayName", "Person " + ref))
                .post("/api/v1/tenants/" + tenant + "/subjects").then().statusCode(201).extract().path("id");
    }

    private static Response issue(Map<String, Object> body) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post(credentials());
    }

    static Response alternative(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/device/alternative");
    }

    private static String deviceToken() {
        return Devices.token(tenant, device);
    }

    private static String credentials() {
        return "/api/v1/tenants/" + tenant + "/credentials";
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
