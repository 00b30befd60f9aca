package io.consentry.core.crypto;

import com.google.crypto.tink.Aead;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.keyring.TenantKeyring;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * The tenant AEAD with our associated-data conventions. Every ciphertext is bound to the tenant and to the exact
 * record it belongs to, so a ciphertext copied to another row, subject or tenant fails to decrypt.
 */
@ApplicationScoped
public class TenantCrypto {

    private final TenantKeyring keyring;
    private final CallerTenant caller;

    TenantCrypto(TenantKeyring keyring, CallerTenant caller) {
        this.keyring = keyring;
        this.caller = caller;
    }

    public UUID tenantId() {
        return caller.require().id;
    }

    public byte[] encrypt(byte[] plaintext, String associatedData) {
        try {
            return aead().encrypt(plaintext, associatedData.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** @throws GeneralSecurityException when the ciphertext is not for this binding (moved, tampered, foreign) */
    public byte[] decrypt(byte[] ciphertext, String associatedData) throws GeneralSecurityException {
        return aead().decrypt(ciphertext, associatedData.getBytes(StandardCharsets.UTF_8));
    }

    public String templateBinding(UUID subjectId, UUID templateId) {
        return bindingOfTemplate(tenantId(), subjectId, templateId);
    }

    private static String bindingOfTemplate(UUID tenantId, UUID subjectId, UUID templateId) {
        return "consentry/template/" + tenantId + "/" + subjectId + "/" + templateId;
    }

    /**
     * Opens many templates of this tenant, from any thread: the tenant and its key are resolved once, here, in the
     * caller's request (worker threads have no request context). For bulk loads such as a 1:N gallery.
     */
    public TemplateOpener templateOpener() {
        return new TemplateOpener(tenantId(), aead());
    }

    /** See {@link #templateOpener()}; Tink's AEAD is thread-safe, so one opener serves every thread of a load. */
    public static final class TemplateOpener {
        private final UUID tenantId;
        private final Aead aead;

        TemplateOpener(UUID tenantId, Aead aead) {
            this.tenantId = tenantId;
            this.aead = aead;
        }

        /** @throws GeneralSecurityException when the ciphertext is not this row's (moved, tampered, foreign) */
        public byte[] open(byte[] ciphertext, UUID subjectId, UUID templateId) throws GeneralSecurityException {
            return aead.decrypt(ciphertext, bindingOfTemplate(tenantId, subjectId, templateId).getBytes(StandardCharsets.UTF_8));
        }
    }

    public String objectBinding(String objectKey) {
        return "consentry/object/" + tenantId() + "/" + objectKey;
    }

    /** A queued mail to a data subject, bound to its outbox row. */
    public String mailBinding(UUID mailId) {
        return "consentry/mail/" + tenantId() + "/" + mailId;
    }

    /** The TOTP secret of a QR credential, bound to its row. */
    public String credentialBinding(UUID credentialId) {
        return "consentry/alt-credential/qr-totp/" + tenantId() + "/" + credentialId;
    }

    /** Tink ciphertexts start with 0x01 and the 4-byte id of the key that made them. */
    public static long keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 5 || ciphertext[0] != 1) {
            return 0;
        }
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt() & 0xffffffffL;
    }

    /**
     * The tenant's primary key as the registry records it; this replica's cached keyset is caught up with it first,
     * so that what is encrypted next uses it even if another replica rotated moments ago.
     */
    public long primaryKeyId() {
        return keyring.primaryKeyId(tenantId());
    }

    private Aead aead() {
        return keyring.aead(tenantId());
    }
}
