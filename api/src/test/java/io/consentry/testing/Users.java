package io.consentry.testing;

import io.restassured.RestAssured;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.UUID;

/** Creates real users in real realms and signs them in to get real tokens. */
public final class Users {

    private Users() {
    }

    /** Creates a user with the given realm roles and returns an access token obtained with the password grant. */
    public static String tokenFor(Keycloak admin, String realm, String... roles) {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        create(admin, realm, username, password, roles);
        return signIn(realm, username, password);
    }

    public static void create(Keycloak admin, String realm, String username, String password, String... roles) {
        RealmResource realmResource = admin.realm(realm);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(username);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        boolean secondFactor = java.util.Arrays.stream(roles).anyMatch(SECOND_FACTOR_ROLES::contains);
        user.setCredentials(secondFactor ? List.of(credential, authenticatorApp()) : List.of(credential));
        if (secondFactor) {
            acceptCodeTwice(admin, realmResource);
        }
        try (Response created = createUser(admin, realmResource, user)) {
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Could not create user " + username + " in " + realm + ": HTTP " + created.getStatus());
            }
        }
        String id = realmResource.users().search(username, true).get(0).getId();
        if (roles.length > 0) {
            realmResource.users().get(id).roles().realmLevel().add(
                    java.util.Arrays.stream(roles).map(role -> realmResource.roles().get(role).toRepresentation()).toList());
        }
    }

    /** Tenant admins and auditors must sign in to the console with an authenticator app's code. */
    private static final java.util.Set<String> SECOND_FACTOR_ROLES = java.util.Set.of("tenant-admin", "auditor");

    /** An authenticator app already set up, with the known secret {@link Totp#TEST_SECRET}. */
    private static CredentialRepresentation authenticatorApp() {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType(CredentialRepresentation.TOTP);
        otp.setUserLabel("test authenticator");
        otp.setSecretData("{\"value\":\"" + Totp.TEST_SECRET + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        return otp;
    }

    /**
     * Keycloak refuses a code already used within its 30 s; a test signs the same admin in from two "browsers" within
     * that time, so test realms accept it twice. Production realms keep Keycloak's default.
     */
    private static void acceptCodeTwice(Keycloak admin, RealmResource realm) {
        org.keycloak.representations.idm.RealmRepresentation current;
        try {
            current = realm.toRepresentation();
        } catch (jakarta.ws.rs.ForbiddenException e) {
            admin.tokenManager().grantToken();
            current = realm.toRepresentation();
        }
        if (!Boolean.TRUE.equals(current.isOtpPolicyCodeReusable())) {
            // Keycloak changes the OTP policy only as a whole (with its type): send all of it.
            org.keycloak.representations.idm.RealmRepresentation change = new org.keycloak.representations.idm.RealmRepresentation();
            change.setOtpPolicyType(current.getOtpPolicyType());
            change.setOtpPolicyAlgorithm(current.getOtpPolicyAlgorithm());
            change.setOtpPolicyDigits(current.getOtpPolicyDigits());
            change.setOtpPolicyPeriod(current.getOtpPolicyPeriod());
            change.setOtpPolicyLookAheadWindow(current.getOtpPolicyLookAheadWindow());
            change.setOtpPolicyInitialCounter(current.getOtpPolicyInitialCounter());
            change.setOtpPolicyCodeReusable(true);
            realm.update(change);
        }
    }

    /**
     * The api's service account administers the realms it creates, but a token issued before a realm existed does not
     * show that (see RealmAdministration): a 403 gets one retry with a new token.
     */
    private static Response createUser(Keycloak admin, RealmResource realm, UserRepresentation user) {
        Response created = realm.users().create(user);
        if (created.getStatus() == 403) {
            created.close();
            admin.tokenManager().grantToken();
            created = realm.users().create(user);
        }
        return created;
    }

    public static String signIn(String realm, String username, String password) {
        String keycloak = CellServers.keycloakUrlOfRealm(realm); // the realm's cell: home or another
        return RestAssured.given()
                .formParam("grant_type", "password")
                .formParam("client_id", "consentry-cli")
                .formParam("username", username)
                .formParam("password", password)
                // Admins and auditors of the test realms have an authenticator app with the known secret; the password
                // grant checks its code when the user has one, and ignores it otherwise.
                .formParam("otp", Totp.code(Totp.TEST_SECRET))
                .post(keycloak + "/realms/" + realm + "/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
