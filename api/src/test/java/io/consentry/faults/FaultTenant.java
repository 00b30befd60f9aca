package io.consentry.faults;

import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.keycloak.admin.client.Keycloak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;

/**
 * The world one fault lands in: a COMPOUND tenant whose subjects keep their enrolment photo (an IMAGE_RETENTION
 * purpose), three pools of subjects — ready to enrol, enrolled to withdraw, enrolled to erase —, a witness subject with a
 * template and a TOTP credential that must still open the gate after the key rotation, TOTP credentials that give the
 * rotation work, a device at a site whose policy allows face verification and QR codes, and names of devices to
 * register (each a Keycloak client and a row, so the Keycloak fault meets an operation that needs it).
 */
final class FaultTenant {

    static final String VERIFICATION = "gate-verification";
    static final String RETENTION = "photo-retention";
    private static final List<String> PHOTOS = List.of("obama_1.jpg", "biden_1.jpg", "kit_harington_1.jpg", "rose_leslie_1.jpg",
            "alex_lacamoire_1.jpg", "obama_2.jpg", "biden_2.jpg", "kit_harington_2.jpg", "obama_3.jpg", "rose_leslie_2.jpg",
            "alex_lacamoire_2.jpg", "obama_4.jpg", "kit_harington_3.jpg");

    final String slug;
    final Supplier<String> admin;
    final Devices.Registered device;
    final String site;
    /** Names of devices to register during the fault (registration creates a Keycloak client and a row). */
    final List<String> toRegister = new ArrayList<>();
    final Map<String, String> sessions = new LinkedHashMap<>();
    final List<String> toEnrol = new ArrayList<>();
    final List<String> toWithdraw = new ArrayList<>();
    final List<String> toErase = new ArrayList<>();
    /** Every consent event a 2xx answer reported during the set-up: none may be missing at the end. */
    final Set<String> grantedEvents = Collections.synchronizedSet(new HashSet<>());
    final String witness;
    final String witnessRef;
    final String totpCredential;
    final String totpSecret;

    private FaultTenant(String slug, Supplier<String> admin, String site, Devices.Registered device, String witness,
                        String witnessRef, String totpCredential, String totpSecret) {
        this.slug = slug;
        this.site = site;
        this.witness = witness;
        this.admin = admin;
        this.device = device;
        this.witnessRef = witnessRef;
        this.totpCredential = totpCredential;
        this.totpSecret = totpSecret;
    }

    static FaultTenant prepare(Keycloak keycloak, String prefix, int poolSize, int extraCredentials) {
        String slug = Tenants.uniqueSlug(prefix);
        Tenants.create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        Supplier<String> admin = signedIn(keycloak, slug, "tenant-admin");
        String api = "/api/v1/tenants/" + slug;
        bearer(admin.get()).body(io.consentry.testing.Purposes.body(RETENTION, "Keep my enrolment photo", "IMAGE_RETENTION", 30, "We keep your enrolment photo, encrypted, for 30 days.")).post(api + "/purposes")
                .then().statusCode(201);
        String site = Devices.createSite(admin.get(), slug, "Fault gate");
        bearer(admin.get()).body("{\"methods\":[\"FACE_1_1\",\"QR\"],\"faceClaimTypes\":[\"SUBJECT_REF\"],"
                        + "\"verificationPurpose\":\"" + VERIFICATION + "\","
                        + "\"livenessRequired\":false,\"targetFar\":0.001,\"faceAttemptsBeforeFallback\":10}")
                .put(api + "/sites/" + site + "/policy").then().statusCode(200);
        Devices.Registered device = Devices.register(admin.get(), slug, site, "Fault device");

        String witnessRef = "witness-" + UUID.randomUUID().toString().substring(0, 8);
        String witness = subject(admin.get(), slug, witnessRef);
        var totp = bearer(admin.get()).body(Map.of("subjectId", witness, "kind", "QR_TOTP")).post(api + "/credentials")
                .then().statusCode(201).extract();
        FaultTenant t = new FaultTenant(slug, admin, site, device, witness, witnessRef, totp.path("id"), totp.path("totpSecret"));
        t.consentAndEnrol(witness, witnessRef, true);
        for (int i = 0; i < extraCredentials; i++) {
            bearer(admin.get()).body(Map.of("subjectId", witness, "kind", "QR_TOTP", "label", "spare " + i)).post(api + "/credentials")
                    .then().statusCode(201);
        }
        for (int i = 0; i < poolSize; i++) {
            for (String ref : List.of("enrol-" + i, "withdraw-" + i, "erase-" + i)) {
                String subject = t.consentAndEnrol(subject(admin.get(), slug, ref), ref, !ref.startsWith("enrol-"));
                (ref.startsWith("enrol-") ? t.toEnrol : ref.startsWith("withdraw-") ? t.toWithdraw : t.toErase).add(subject);
            }
            t.toRegister.add("Turnstile " + i);
        }
        return t;
    }

    /** Grants verification and photo retention through the portal, and enrols when asked; returns the subject id. */
    private String consentAndEnrol(String subject, String ref, boolean enrol) {
        // The subject opens the invitation mailed to them: no admin answer holds a token.
        String invitation = Portal.mailedInvitation(admin.get(), slug, subject, Portal.contact(slug, ref));
        String session = given().contentType(ContentType.JSON).body(Map.of("invitation", invitation)).post(portal("/session"))
                .then().statusCode(201).extract().path("sessionToken");
        sessions.put(subject, session);
        List<Map<String, Object>> purposes = portalAs(session).get(portal("/purposes")).then().statusCode(200).extract().path("$");
        for (String purpose : List.of(VERIFICATION, RETENTION)) {
            String hash = purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                    .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
            grantedEvents.add(portalAs(session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash)).post(portal("/decisions"))
                    .then().statusCode(201).extract().path("eventId"));
        }
        if (enrol) {
            given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photoFor(subject))
                    .post(portal("/enrolment")).then().statusCode(201);
        }
        return subject;
    }

    byte[] photoFor(String subject) {
        return photo(PHOTOS.get(Math.floorMod(subject.hashCode(), PHOTOS.size())));
    }

    String schema() {
        return "t_" + slug.replace('-', '_');
    }

    String bucket() {
        return "consentry-t-" + slug;
    }

    String api(String path) {
        return "/api/v1/tenants/" + slug + path;
    }

    String portal(String path) {
        return "/portal/" + slug + path;
    }

    RequestSpecification asAdmin() {
        return bearer(admin.get());
    }

    static RequestSpecification portalAs(String session) {
        return given().header("Authorization", "Portal " + session);
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A subject with an address on the test mail server ({@link Portal#contact}), where its invitation is mailed. */
    private static String subject(String admin, String slug, String ref) {
        return Portal.subject(admin, slug, ref);
    }

    /**
     * A new user with the role, signed in again when the token is older than two minutes — except while Keycloak is
     * down, when the last token (still valid: realm tokens live five minutes) is used: the api checks tokens itself.
     */
    private static Supplier<String> signedIn(Keycloak keycloak, String realm, String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, realm, username, password, role);
        return new Supplier<>() {
            private String token;
            private Instant at = Instant.EPOCH;

            @Override
            public synchronized String get() {
                if (token == null || at.plus(Duration.ofMinutes(2)).isBefore(Instant.now())) {
                    try {
                        token = Users.signIn(realm, username, password);
                        at = Instant.now();
                    } catch (RuntimeException | AssertionError e) {
                        if (token == null) {
                            throw e;
                        }
                    }
                }
                return token;
            }
        };
    }
}
