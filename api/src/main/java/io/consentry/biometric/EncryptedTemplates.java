package io.consentry.biometric;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.GeneralSecurityException;
import java.util.List;

/** Face templates under key rotation: decrypted and encrypted again in the database, bound to the same row. */
@ApplicationScoped
class EncryptedTemplates implements EncryptedRecords {

    private final TenantCrypto crypto;

    EncryptedTemplates(TenantCrypto crypto) {
        this.crypto = crypto;
    }

    @Override
    public Category category() {
        return Category.TEMPLATES;
    }

    @Override
    public long total() {
        return BiometricTemplate.count();
    }

    @Override
    public long onKey(long keyId) {
        return BiometricTemplate.count("keyId", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        List<BiometricTemplate> rows = BiometricTemplate.find("keyId <> ?1", primaryKeyId).page(0, limit).list();
        for (BiometricTemplate row : rows) {
            String binding = crypto.templateBinding(row.subjectId, row.id);
            try {
                row.ciphertext = crypto.encrypt(crypto.decrypt(row.ciphertext, binding), binding);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Template " + row.id + " does not decrypt for its own binding; re-encryption stopped", e);
            }
            row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
        }
        return rows.size();
    }
}
