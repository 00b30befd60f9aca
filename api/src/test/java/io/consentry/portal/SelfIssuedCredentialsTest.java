package io.consentry.portal;

import io.consentry.signage.SignReading;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Refusing face costs nothing: a subject who refused gets a QR code or a PIN a site accepts in the portal, without an
 * admin, and is let in with it at a real device; the portal offers only what the sites accept; nobody else sees it.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SelfIssuedCredentialsTest {

    private static String slug;
    private static String admin;
    private static String kiosk;

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void aGateWithFaceQrPinAndGuard() {
        if (slug != null) {
            return;
        }
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "self", "COMPOUND");
        slug = t.slug();
        admin = t.admin();
        String gate = Devices.createSite(admin, slug, "Main gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN", "QR", "GUARD"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", false))
                .put("/api/v1/tenants/" + slug + "/sites/" + gate + "/policy").then().statusCode(200);
        kiosk = Devices.token(slug, Devices.register(admin, slug, gate, "Gate kiosk"));
    }

    @Test
    void aRefuserGetsAOneTimeQrCodeAndIsLetInWithIt() throws Exception {
        String subject = Portal.subject(admin, slug, "refuser-1");
        String session = Portal.session(admin, slug, subject, Portal.contact(slug, "refuser-1"));
        refuse(session, "gate-verification");

        JsonPath ways = given().header("Authorization", "Portal " + session).get(waysIn()).then().statusCode(200).extract().jsonPath();
        assertThat(ways.getList("sites.name", String.class)).contains("Main gate");
        assertThat(ways.getList("sites.find { it.name == 'Main gate' }.ways.method", String.class))
                .containsExactly("FACE_1_1", "PIN", "QR", "GUARD");
        assertThat(ways.getString("sites.find { it.name == 'Main gate' }.ways.find { it.method == 'FACE_1_1' }.why")).isEqualTo("no_consent");
        assertThat(ways.getBoolean("sites.find { it.name == 'Main gate' }.ways.find { it.method == 'QR' }.usableNow")).isFalse();
        assertThat(ways.getBoolean("sites.find { it.name == 'Main gate' }.ways.find { it.method == 'GUARD' }.usableNow")).isTrue();
        // No site here takes a card (and a card is handed out by the controller, never self-issued).
        assertThat(ways.getList("selfIssuable", String.class)).containsExactlyInAnyOrder("PIN", "QR_ONE_TIME", "QR_TOTP");

        var issued = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "QR_ONE_TIME"))
                .post(waysIn() + "/credentials").then().statusCode(201)
                .body("credential.kind", equalTo("QR_ONE_TIME")).body("credential.status", equalTo("ACTIVE"))
                .body("qrImage", org.hamcrest.Matchers.startsWith("data:image/png;base64,")).extract();
        String payload = issued.path("qrPayload");
        // the image is the code the device reads
        String png = issued.<String>path("qrImage").substring("data:image/png;base64,".length());
        assertThat(SignReading.qr(SignReading.png(Base64.getDecoder().decode(png)))).isEqualTo(payload);
        assertThat(given().header("Authorization", "Portal " + session).get(waysIn()).then().extract()
                .<Boolean>path("sites.find { it.name == 'Main gate' }.ways.find { it.method == 'QR' }.usableNow")).isTrue();

        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "QR", "qr", payload))
                .post("/api/v1/device/alternative").then().statusCode(200)
                .body("decision", equalTo("GRANTED")).body("subjectId", equalTo(subject));
        // Audited as issued by the subject, not by an admin.
        given().auth().oauth2(admin).queryParam("action", "credential.issued").queryParam("subjectRef", subject)
                .get("/api/v1/tenants/" + slug + "/audit").then().statusCode(200)
                .body("items[0].actorType", equalTo("SUBJECT")).body("items[0].actorId", equalTo(subject))
                .body("items[0].details.kind", equalTo("QR_ONE_TIME")).body("items[0].details.by", equalTo("subject"));
    }

    @Test
    void aTimeBasedQrCodeAndAPinWorkTooAndANewOneReplacesTheOld() {
        String subject = Portal.subject(admin, slug, "refuser-2");
        String session = Portal.session(admin, slug, subject, Portal.contact(slug, "refuser-2"));
        refuse(session, "gate-verification");

        var totp = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "QR_TOTP"))
                .post(waysIn() + "/credentials").then().statusCode(201).body("refreshSeconds", equalTo(30))
                .body("credential", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("totpSecret"))).extract();
        String id = totp.path("credential.id");
        String current = given().header("Authorization", "Portal " + session).get(waysIn() + "/credentials/" + id + "/qr")
                .then().statusCode(200).body("validUntil", notNullValue()).extract().path("qrPayload");
        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "QR", "qr", current))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"))
                .body("subjectId", equalTo(subject));

        String firstPin = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "PIN"))
                .post(waysIn() + "/credentials").then().statusCode(201).extract().path("pin");
        assertThat(firstPin).matches("\\d{6}");
        String secondPin = given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "PIN"))
                .post(waysIn() + "/credentials").then().statusCode(201).extract().path("pin");
        // one active credential per kind: the first PIN no longer opens
        List<String> kinds = given().header("Authorization", "Portal " + session).get(waysIn()).then().statusCode(200)
                .extract().path("credentials.kind");
        assertThat(kinds).containsExactlyInAnyOrder("QR_TOTP", "PIN");
        given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "PIN", "subjectRef", "refuser-2", "pin", secondPin))
                .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("GRANTED"));
        if (!firstPin.equals(secondPin)) {
            given().auth().oauth2(kiosk).contentType(ContentType.JSON).body(Map.of("method", "PIN", "subjectRef", "refuser-2", "pin", firstPin))
                    .post("/api/v1/device/alternative").then().statusCode(200).body("decision", equalTo("DENIED"));
        }
    }

    @Test
    void aKindNoSiteAcceptsACardOrNonsenseIsRefused() {
        Tenants.WithAdmin other = Tenants.createWithAdmin(keycloak, "nopin", "OTHER");
        // every site of this tenant: PIN and the guard only
        String lobby = Devices.createSite(other.admin(), other.slug(), "Lobby");
        given().auth().oauth2(other.admin()).contentType(ContentType.JSON).body(Map.of("methods", List.of("PIN", "GUARD")))
                .put("/api/v1/tenants/" + other.slug() + "/sites/" + lobby + "/policy").then().statusCode(200);
        String subject = Portal.subject(other.admin(), other.slug(), "visitor-1");
        String session = Portal.session(other.admin(), other.slug(), subject, Portal.contact(other.slug(), "visitor-1"));
        String route = "/portal/" + other.slug() + "/ways-in";
        given().header("Authorization", "Portal " + session).get(route).then().statusCode(200)
                .body("selfIssuable", equalTo(List.of("PIN")));
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "QR_ONE_TIME"))
                .post(route + "/credentials").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("credential_kind_not_accepted")).body("detail", containsString("No site here accepts a QR"));
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "CARD"))
                .post(route + "/credentials").then().statusCode(400).body("code", equalTo("credential_not_self_issuable"));
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "FACE"))
                .post(route + "/credentials").then().statusCode(400).body("code", equalTo("invalid_credential_request"));
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body(Map.of("kind", "PIN", "pin", "123456"))
                .post(route + "/credentials").then().statusCode(400).body("code", equalTo("unknown_field"));
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body("{\"kind\": ")
                .post(route + "/credentials").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON).body("{}")
                .post(route + "/credentials").then().statusCode(400).body("code", equalTo("body_required"));
        // nothing was issued by the refusals
        given().header("Authorization", "Portal " + session).get(route).then().statusCode(200).body("credentials.size()", equalTo(0));
    }

    @Test
    void anotherSubjectsSessionCannotSeeOrUseIt() {
        String owner = Portal.subject(admin, slug, "owner-1");
        String ownerSession = Portal.session(admin, slug, owner, Portal.contact(slug, "owner-1"));
        String id = given().header("Authorization", "Portal " + ownerSession).contentType(ContentType.JSON).body(Map.of("kind", "QR_TOTP"))
                .post(waysIn() + "/credentials").then().statusCode(201).extract().path("credential.id");
        String intruder = Portal.subject(admin, slug, "intruder-1");
        String intruderSession = Portal.session(admin, slug, intruder, Portal.contact(slug, "intruder-1"));
        given().header("Authorization", "Portal " + intruderSession).get(waysIn()).then().statusCode(200)
                .body("credentials.size()", equalTo(0));
        given().header("Authorization", "Portal " + intruderSession).get(waysIn() + "/credentials/" + id + "/qr").then()
                .statusCode(404).body("code", equalTo("credential_not_found"));
        // no session, or an admin's realm token: the portal's routes are the subject's only
        given().get(waysIn()).then().statusCode(401);
        given().auth().oauth2(admin).get(waysIn() + "/credentials/" + id + "/qr").then().statusCode(org.hamcrest.Matchers.anyOf(
                equalTo(401), equalTo(403)));
        // another tenant's portal with this tenant's session
        Tenants.WithAdmin other = Tenants.createWithAdmin(keycloak, "self-b", "OTHER");
        given().header("Authorization", "Portal " + ownerSession).get("/portal/" + other.slug() + "/ways-in/credentials/" + id + "/qr")
                .then().statusCode(401);
    }

    private static String waysIn() {
        return "/portal/" + slug + "/ways-in";
    }

    private static void refuse(String session, String purpose) {
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                .then().statusCode(200).extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", "REFUSE", "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
    }
}
