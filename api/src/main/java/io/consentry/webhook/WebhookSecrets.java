package io.consentry.webhook;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signing secrets: 32 random bytes shown once (as {@code whsec_} + base64url), stored encrypted with the tenant keyset
 * and bound to their subscription and slot (current or previous), so a ciphertext copied to another row does not
 * decrypt. Under key rotation they count as credentials.
 */
@ApplicationScoped
class WebhookSecrets implements EncryptedRecords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantCrypto crypto;

    WebhookSecrets(TenantCrypto crypto) {
        this.crypto = crypto;
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void setCurrent(WebhookSubscription s, String secret) {
        s.secret = crypto.encrypt(secret.getBytes(StandardCharsets.UTF_8), binding(s.id, "current"));
        s.secretKeyId = TenantCrypto.keyIdOf(s.secret);
    }

    /** The new secret becomes current; the old one keeps signing until {@code until}. */
    void rotate(WebhookSubscription s, String fresh, Instant until) {
        String old = open(s.secret, s.id, "current");
        s.previousSecret = crypto.encrypt(old.getBytes(StandardCharsets.UTF_8), binding(s.id, "previous"));
        s.previousKeyId = TenantCrypto.keyIdOf(s.previousSecret);
        s.previousUntil = until;
        setCurrent(s, fresh);
    }

    /** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
    List<String> signing(WebhookSubscription s, Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(open(s.secret, s.id, "current"));
        if (s.previousSecret != null && s.previousUntil != null && now.isBefore(s.previousUntil)) {
            secrets.add(open(s.previousSecret, s.id, "previous"));
        }
        return secrets;
    }

    private String open(byte[] ciphertext, UUID id, String slot) {
        try {
            return new String(crypto.decrypt(ciphertext, binding(id, slot)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The " + slot + " secret of webhook subscription " + id + " does not decrypt for its own binding", e);
        }
    }

    private String binding(UUID id, String slot) {
        return "consentry/webhook-secret/" + crypto.tenantId() + "/" + id + "/" + slot;
    }

    @Override
    public Category category() {
        return Category.CREDENTIALS;
    }

    @Override
    public long total() {
        return WebhookSubscription.count() + WebhookSubscription.count("previousSecret is not null");
    }

    @Override
    public long onKey(long keyId) {
        return WebhookSubscription.count("secretKeyId = ?1", keyId)
                + WebhookSubscription.count("previousSecret is not null and previousKeyId = ?1", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        List<WebhookSubscription> rows = WebhookSubscription.<WebhookSubscription>find(
                        "secretKeyId <> ?1 or (previousSecret is not null and previousKeyId <> ?1)", primaryKeyId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, limit).list();
        for (WebhookSubscription s : rows) {
            setCurrent(s, open(s.secret, s.id, "current"));
            if (s.previousSecret != null) {
                String previous = open(s.previousSecret, s.id, "previous");
                s.previousSecret = crypto.encrypt(previous.getBytes(StandardCharsets.UTF_8), binding(s.id, "previous"));
                s.previousKeyId = TenantCrypto.keyIdOf(s.previousSecret);
            }
        }
        return rows.size();
    }
}
