package io.consentry.consent;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import io.consentry.testing.Mailbox;
import io.consentry.testing.Portal;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A tenant with an admin, subjects invited and signed in to the portal, and the test photos. */
public final class ConsentFixtures {

    public final String slug;
    public final String admin;

    private ConsentFixtures(String slug, String admin) {
        this.slug = slug;
        this.admin = admin;
    }

    public static ConsentFixtures tenant(Keycloak keycloak, String kind) {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slug = Tenants.uniqueSlug("c");
        Tenants.create(operator, slug, kind);
        return new ConsentFixtures(slug, Users.tokenFor(keycloak, slug, "tenant-admin"));
    }

    public String schema() {
        return "t_" + slug.replace('-', '_');
    }

    public String bucket() {
        return "consentry-t-" + slug;
    }

    public RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private final java.util.Map<String, String> contacts = new java.util.HashMap<>();

    public String createSubject(String ref) {
        String id = Portal.subject(admin, slug, ref);
        contacts.put(id, Portal.contact(slug, ref));
        return id;
    }

    /** Remembers the address of a subject a test created itself (e.g. with a birth date). */
    public void registerContact(String subjectId, String address) {
        contacts.put(subjectId, address);
    }

    /** The subject's address on the test mail server. */
    public String contactOf(String subjectId) {
        return contacts.get(subjectId);
    }

    public Mailbox inbox(String subjectId) {
        return Mailbox.of(contactOf(subjectId));
    }

    /** An e-mail invitation (the default channel). */
    public Response invite(String subjectId) {
        return asAdmin().body("{}").post(api("/subjects/" + subjectId + "/invitations"));
    }

    /** The invitation token as the subject finds it: in the mail the admin's invitation sent to them. */
    public String invitationToken(String subjectId) {
        return Portal.mailedInvitation(admin, slug, subjectId, contactOf(subjectId));
    }

    public Response redeem(String invitation) {
        return given().contentType(ContentType.JSON).body(Map.of("invitation", invitation)).post(portal("/session"));
    }

    /** A portal session for a fresh subject. */
    public String session(String subjectId) {
        return redeem(invitationToken(subjectId)).then().statusCode(201).extract().path("sessionToken");
    }

    public RequestSpecification asSubject(String token) {
        return given().header("Authorization", "Portal " + token).contentType(ContentType.JSON);
    }

    public String noticeHash(String token, String purpose) {
        List<Map<String, Object>> purposes = asSubject(token).get(portal("/purposes")).then().statusCode(200).extract().path("$");
        return purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
    }

    public Response decide(String token, String purpose, String decision) {
        return asSubject(token).body(Map.of("purpose", purpose, "decision", decision, "noticeHash", noticeHash(token, purpose)))
                .post(portal("/decisions"));
    }

    public Response enrol(String token, byte[] image) {
        return given().header("Authorization", "Portal " + token).contentType("image/jpeg").body(image).post(portal("/enrolment"));
    }

    public void addPurpose(String code, String kind) {
        asAdmin().body(io.consentry.testing.Purposes.body(code, "Purpose " + code, kind, 30, "Notice for " + code))
                .post(api("/purposes")).then().statusCode(201);
    }

    public Map<String, Object> consentsOf(String subjectId) {
        return asAdmin().get(api("/subjects/" + subjectId + "/consents")).then().statusCode(200).extract().path("$");
    }

    public String api(String path) {
        return "/api/v1/tenants/" + slug + path;
    }

    public String portal(String path) {
        return "/portal/" + slug + path;
    }

    /** Verifies a signed receipt with the published Tink public keyset; returns the decoded payload. */
    public static String verifyReceipt(Map<String, Object> signed, String tinkPublicKeyset) throws Exception {
        SignatureConfig.register();
        KeysetHandle keys = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(tinkPublicKeyset);
        PublicKeyVerify verifier = keys.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        byte[] payload = Base64.getUrlDecoder().decode((String) signed.get("payload"));
        verifier.verify(Base64.getUrlDecoder().decode((String) signed.get("signature")), payload);
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void assertProblem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat((String) response.path("code")).isEqualTo(code);
    }
}
