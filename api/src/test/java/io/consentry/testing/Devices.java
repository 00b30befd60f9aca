package io.consentry.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Sites and devices through the real admin API, device tokens from the real Keycloak. */
public final class Devices {

    private Devices() {
    }

    public record Registered(String id, String siteId, String clientId, String secret) {
    }

    public static String createSite(String adminToken, String tenant, String name) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("name", name, "timeZone", "Asia/Shanghai"))
                .post("/api/v1/tenants/" + tenant + "/sites")
                .then().statusCode(201).extract().path("id");
    }

    public static Registered register(String adminToken, String tenant, String siteId, String name) {
        var body = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("siteId", siteId, "name", name))
                .post("/api/v1/tenants/" + tenant + "/devices")
                .then().statusCode(201).extract();
        return new Registered(body.path("id"), body.path("siteId"), body.path("clientId"), body.path("clientSecret"));
    }

    /** The client-credentials grant, as a device does it. */
    public static io.restassured.response.Response tokenResponse(String realm, String clientId, String secret) {
        String keycloak = CellServers.keycloakUrlOfRealm(realm); // the realm's cell: home or another
        return RestAssured.given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(keycloak + "/realms/" + realm + "/protocol/openid-connect/token");
    }

    public static String token(String realm, Registered device) {
        return tokenResponse(realm, device.clientId(), device.secret()).then().statusCode(200).extract().path("access_token");
    }
}
