package io.consentry.replicas;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real users with realm roles, and their tokens, through Keycloak's admin REST API. The packaged-app test runs
 * outside Quarkus, so it cannot use the Quarkus admin client the other tests inject.
 */
final class RealmUsers {

    private final String keycloak;
    private final String adminUser;
    private final String adminPassword;

    RealmUsers(String keycloak, String adminUser, String adminPassword) {
        this.keycloak = keycloak;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    record Login(String username, String password) {
    }

    /** A new user of the realm holding the roles, signed in with the password grant: their access token. */
    String tokenFor(String realm, String... roles) {
        Login login = create(realm, roles);
        return RestAssured.given().formParam("grant_type", "password").formParam("client_id", "consentry-cli")
                .formParam("username", login.username()).formParam("password", login.password())
                // ignored for users without an authenticator app; checked for admins and auditors, who have one
                .formParam("otp", io.consentry.testing.Totp.code(io.consentry.testing.Totp.TEST_SECRET))
                .post(keycloak + "/realms/" + realm + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /**
     * Admins and auditors must sign in with a second factor: they get an authenticator app already set up with the
     * tests' known secret, whose code the sign-ins send (as {@code testing.Users} does for the in-process tests).
     */
    private static final Map<String, Object> AUTHENTICATOR_APP = Map.of("type", "otp", "userLabel", "test authenticator",
            "secretData", "{\"value\":\"" + io.consentry.testing.Totp.TEST_SECRET + "\"}",
            "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");

    private static boolean secondFactor(String... roles) {
        return java.util.Arrays.stream(roles).anyMatch(role -> role.equals("tenant-admin") || role.equals("auditor"));
    }

    private static Map<String, Object> passwordCredential(String password) {
        return Map.of("type", "password", "value", password, "temporary", false);
    }

    /** A new user of the realm holding the roles. */
    Login create(String realm, String... roles) {
        String admin = RestAssured.given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", adminUser).formParam("password", adminPassword)
                .post(keycloak + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        String location = RestAssured.given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "enabled", true, "email", username + "@example.test", "emailVerified", true,
                        "firstName", "Test", "lastName", username,
                        "credentials", secondFactor(roles)
                                ? List.of(passwordCredential(password), AUTHENTICATOR_APP)
                                : List.of(passwordCredential(password))))
                .post(keycloak + "/admin/realms/" + realm + "/users")
                .then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (String role : roles) {
            Map<String, Object> representation = RestAssured.given().auth().oauth2(admin)
                    .get(keycloak + "/admin/realms/" + realm + "/roles/" + role).then().statusCode(200).extract().path("$");
            RestAssured.given().auth().oauth2(admin).contentType(ContentType.JSON).body(List.of(representation))
                    .post(keycloak + "/admin/realms/" + realm + "/users/" + id + "/role-mappings/realm")
                    .then().statusCode(204);
        }
        return new Login(username, password);
    }

    /** The client-credentials grant, as a device does it. */
    String deviceToken(String realm, String clientId, String secret) {
        return RestAssured.given().formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .post(keycloak + "/realms/" + realm + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
