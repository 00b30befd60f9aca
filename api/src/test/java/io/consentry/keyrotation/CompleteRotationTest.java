package io.consentry.keyrotation;

import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.work.TenantWork;
import io.consentry.credential.Totp;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation is complete only when everything is under the new key — TOTP secrets included — and the old keys are
 * disabled: the ciphertext a TOTP row held before the rotation no longer opens with the tenant's keyset.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class CompleteRotationTest {

    @Inject
    Keycloak keycloak;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantWork work;
    @Inject
    TenantCrypto crypto;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void totpSecretsAreReencryptedAndOldKeysDisabled() throws Exception {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "rotate", "COMPOUND");
        String subject = given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "totp-1", "displayName", "Totp")).post(api(t, "/subjects"))
                .then().statusCode(201).extract().path("id");
        Response issued = given().auth().oauth2(t.admin()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subject, "kind", "QR_TOTP")).post(api(t, "/credentials"));
        issued.then().statusCode(201);
        String credentialId = issued.path("id");
        byte[] secret = base32(issued.path("totpSecret"));
        byte[] before = totpCiphertext(t, credentialId);
        long oldKey = TenantCrypto.keyIdOf(before);

        long primary = ((Number) given().auth().oauth2(t.admin()).post(api(t, "/keys/rotate")).then().statusCode(202)
                .extract().path("primaryKeyId")).longValue();
        assertThat(primary).isNotEqualTo(oldKey);
        Map<String, Object> progress = awaitComplete(t);
        assertThat(progress).containsEntry("credentials", 1).containsEntry("credentialsOnPrimary", 1);
        assertThat((List<?>) progress.get("oldKeysEnabled")).isEmpty();

        byte[] after = totpCiphertext(t, credentialId);
        assertThat(TenantCrypto.keyIdOf(after)).isEqualTo(primary);
        assertThat(after).isNotEqualTo(before);
        Tenant tenant = registry.findBySlug(t.slug()).orElseThrow();
        String binding = work.as(tenant, () -> crypto.credentialBinding(UUID.fromString(credentialId)));
        assertThat(work.as(tenant, () -> decrypts(after, binding))).as("the new ciphertext opens").isTrue();
        assertThat(work.as(tenant, () -> decrypts(before, binding))).as("the old ciphertext no longer opens: its key is disabled").isFalse();

        // The credential keeps working, and the retirement is in the audit log.
        String site = Devices.createSite(t.admin(), t.slug(), "Gate");
        String device = Devices.token(t.slug(), Devices.register(t.admin(), t.slug(), site, "Gate 1"));
        String code = Totp.code(secret, Totp.step(Instant.now().getEpochSecond()));
        given().auth().oauth2(device).contentType(ContentType.JSON)
                .body(Map.of("method", "QR", "qr", "CQ1.T." + credentialId + "." + code)).post("/api/v1/device/alternative")
                .then().statusCode(200).body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));
        given().auth().oauth2(t.admin()).get(api(t, "/audit?action=keys.retired")).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].details.disabledKeyIds", org.hamcrest.Matchers.equalTo(Long.toString(oldKey)));
    }

    private boolean decrypts(byte[] ciphertext, String binding) {
        try {
            crypto.decrypt(ciphertext, binding);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Map<String, Object> awaitComplete(Tenants.WithAdmin t) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<String, Object> progress = given().auth().oauth2(t.admin()).get(api(t, "/keys/rotation")).then().statusCode(200)
                    .extract().path("$");
            if (Boolean.TRUE.equals(progress.get("complete"))) {
                return progress;
            }
            assertThat(Instant.now()).as("rotation completes: " + progress).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private byte[] totpCiphertext(Tenants.WithAdmin t, String credentialId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             var q = c.prepareStatement("SELECT totp_secret FROM t_" + t.slug().replace('-', '_') + ".alt_credential WHERE id = ?::uuid")) {
            q.setString(1, credentialId);
            try (var rows = q.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getBytes(1);
            }
        }
    }

    /** RFC 4648 base32 (the TOTP secret as an authenticator app takes it). */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String api(Tenants.WithAdmin t, String rest) {
        return "/api/v1/tenants/" + t.slug() + rest;
    }
}
