package io.consentry.credential;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * TOTP secrets of time-based QR credentials under key rotation: decrypted and encrypted again in the database, bound
 * to the same row. Rows are locked while they are rewritten, so a device checking a code at that moment cannot have
 * its replay guard ({@code totp_last_step}) overwritten by the rotation.
 */
@ApplicationScoped
class EncryptedCredentials implements EncryptedRecords {

    private final TenantCrypto crypto;

    EncryptedCredentials(TenantCrypto crypto) {
        this.crypto = crypto;
    }

    @Override
    public Category category() {
        return Category.CREDENTIALS;
    }

    @Override
    public long total() {
        return AltCredential.count("totpSecret is not null");
    }

    @Override
    public long onKey(long keyId) {
        return AltCredential.count("totpSecret is not null and totpKeyId = ?1", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        List<AltCredential> rows = AltCredential.<AltCredential>find(
                        "totpSecret is not null and (totpKeyId is null or totpKeyId <> ?1)", primaryKeyId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, limit).list();
        for (AltCredential row : rows) {
            String binding = crypto.credentialBinding(row.id);
            try {
                row.totpSecret = crypto.encrypt(crypto.decrypt(row.totpSecret, binding), binding);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The TOTP secret of credential " + row.id + " does not decrypt for its own binding; re-encryption stopped", e);
            }
            row.totpKeyId = TenantCrypto.keyIdOf(row.totpSecret);
        }
        return rows.size();
    }
}
