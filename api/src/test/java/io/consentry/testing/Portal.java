package io.consentry.testing;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.keycloak.admin.client.Keycloak;

import java.util.Map;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;

/**
 * The subject's way into the portal, as tests take it: the admin sends an e-mail invitation, the subject reads the
 * link in their inbox on the real mail server and redeems it. No admin answer holds a token any more.
 */
public final class Portal {

    private Portal() {
    }

    public static Response invite(String adminToken, String tenant, String subjectId, String channel) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("channel", channel))
                .post("/api/v1/tenants/" + tenant + "/subjects/" + subjectId + "/invitations");
    }

    /** Invites by e-mail and returns the token the subject finds in the mail at {@code contact}. */
    public static String mailedInvitation(String adminToken, String tenant, String subjectId, String contact) {
        Mailbox inbox = Mailbox.of(contact);
        invite(adminToken, tenant, subjectId, "EMAIL").then().statusCode(201);
        return inbox.nextInvitation().invitationToken();
    }

    public static Response redeem(String tenant, String invitation) {
        return given().contentType(ContentType.JSON).body(Map.of("invitation", invitation)).post("/portal/" + tenant + "/session");
    }

    /** A portal session of the subject, opened from the link mailed to {@code contact}. */
    public static String session(String adminToken, String tenant, String subjectId, String contact) {
        return redeem(tenant, mailedInvitation(adminToken, tenant, subjectId, contact)).then().statusCode(201)
                .extract().path("sessionToken");
    }

    /** Creates a subject whose contact is {@link #contact(String, String)}; returns its id. */
    public static String subject(String adminToken, String tenant, String ref) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("externalRef", ref, "displayName", "Person " + ref, "contact", contact(tenant, ref)))
                .post("/api/v1/tenants/" + tenant + "/subjects").then().statusCode(201).extract().path("id");
    }

    /** The test address of a subject: unique across the tests of one run, which share one mail server. */
    public static String contact(String tenant, String ref) {
        return ref.toLowerCase().replaceAll("[^a-z0-9.-]", "-") + "@" + tenant + ".example.test";
    }

    /**
     * An admin account (e-mail {@code username@example.test}, verified by the realm) who is also a subject of the
     * tenant: invited at that address, they open the mailed link, grant gate verification and enrol {@code selfie}.
     * The engine view analyses only such an admin's own face. Returns the admin's token.
     */
    public static String adminWhoConsentedAsASubject(Keycloak keycloak, String slug, String username, String selfie) {
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, slug, username, password, "tenant-admin");
        String token = Users.signIn(slug, username, password);
        consentAsSubject(token, slug, username, selfie);
        return token;
    }

    /** The admin account {@code username} (signed in as {@code adminToken}) becomes a consenting, enrolled subject. */
    public static void consentAsSubject(String adminToken, String slug, String username, String selfie) {
        String email = username + "@example.test";
        String subject = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("externalRef", username, "displayName", "Admin " + username, "contact", email))
                .post("/api/v1/tenants/" + slug + "/subjects").then().statusCode(201).extract().path("id");
        String session = session(adminToken, slug, subject, email);
        String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                .then().extract().path("find { it.code == 'gate-verification' }.notice.contentHash");
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + slug + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(selfie))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
    }
}
