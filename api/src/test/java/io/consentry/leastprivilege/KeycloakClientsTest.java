package io.consentry.leastprivilege;

import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * Keycloak as the api uses it: its own service account may not touch the master realm; a tenant realm's built-in
 * clients cannot sign anyone in with a password; and a token from any client that is not the platform's is refused.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class KeycloakClientsTest {

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "consentry.keycloak.url")
    String keycloakUrl;

    @Test
    void theApisAccountCannotAdministerTheMasterRealm() {
        for (Runnable call : List.<Runnable>of(() -> keycloak.realm("master").users().count(),
                () -> keycloak.realm("master").clients().findAll(), () -> keycloak.realm("master").roles().list())) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(WebApplicationException.class,
                    e -> assertThat(e.getResponse().getStatus()).isEqualTo(403));
        }
    }

    @Test
    void builtInClientsOfANewTenantRealmCannotSignUsersInWithAPassword() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "builtin", "COMPOUND");
        List<String> open = keycloak.realm(tenant.slug()).clients().findAll().stream()
                .filter(c -> Boolean.TRUE.equals(c.isDirectAccessGrantsEnabled()))
                .map(ClientRepresentation::getClientId).toList();
        // consentry-cli only, and only because the tests enable it (consentry.keycloak.cli-direct-access-grants)
        assertThat(open).containsOnly("consentry-cli");

        String password = UUID.randomUUID().toString();
        String username = "builtin-" + UUID.randomUUID().toString().substring(0, 8);
        Users.create(keycloak, tenant.slug(), username, password, "tenant-admin");
        RestAssured.given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", username).formParam("password", password)
                .post(keycloakUrl + "/realms/" + tenant.slug() + "/protocol/openid-connect/token")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(401)))
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void aTokenOfAClientThatIsNotThePlatformsIsRefusedWhateverItsRoles() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "rogue", "COMPOUND");
        // Somebody with the realm's admin rights adds a client of their own that signs users in with a password.
        ClientRepresentation rogue = new ClientRepresentation();
        rogue.setClientId("rogue-cli");
        rogue.setPublicClient(true);
        rogue.setDirectAccessGrantsEnabled(true);
        rogue.setStandardFlowEnabled(false);
        keycloak.realm(tenant.slug()).clients().create(rogue).close();
        String password = UUID.randomUUID().toString();
        String username = "rogue-" + UUID.randomUUID().toString().substring(0, 8);
        Users.create(keycloak, tenant.slug(), username, password, "tenant-admin");
        String token = RestAssured.given().formParam("grant_type", "password").formParam("client_id", "rogue-cli")
                .formParam("username", username).formParam("password", password)
                .formParam("otp", io.consentry.testing.Totp.code(io.consentry.testing.Totp.TEST_SECRET)) // admins have an authenticator app
                .post(keycloakUrl + "/realms/" + tenant.slug() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(token).get("/api/v1/tenants/" + tenant.slug() + "/me")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("client_not_allowed"));
        // the same user through the platform's client is fine
        given().auth().oauth2(Users.signIn(tenant.slug(), username, password)).get("/api/v1/tenants/" + tenant.slug() + "/me")
                .then().statusCode(200);
    }
}
