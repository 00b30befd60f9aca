package io.consentry.core.mail;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Queued mail under key rotation. Rows usually live seconds, but one the SMTP server keeps refusing stays until it is
 * accepted, and a rotation disables the old keys once nothing is encrypted under them: so pending mail is re-encrypted
 * like every other record (bound to the same row), or it could never be opened and sent again. A row the
 * {@link MailWorker} is sending right now is skipped, not waited for; the rotation takes it in a later batch (or finds
 * it sent and gone), and retires the old keys only when none is left.
 */
@ApplicationScoped
class EncryptedMail implements EncryptedRecords {

    private static final String CLAIM = """
            SELECT * FROM mail_outbox o
             WHERE o.key_id <> ?1
             ORDER BY o.seq LIMIT ?2
               FOR UPDATE SKIP LOCKED""";

    private final TenantCrypto crypto;
    private final EntityManager em;

    EncryptedMail(TenantCrypto crypto, EntityManager em) {
        this.crypto = crypto;
        this.em = em;
    }

    @Override
    public Category category() {
        return Category.MAIL;
    }

    @Override
    public long total() {
        return MailOutboxEntry.count();
    }

    @Override
    public long onKey(long keyId) {
        return MailOutboxEntry.count("keyId", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        @SuppressWarnings("unchecked")
        List<MailOutboxEntry> rows = em.createNativeQuery(CLAIM, MailOutboxEntry.class)
                .setParameter(1, primaryKeyId).setParameter(2, limit).getResultList();
        for (MailOutboxEntry row : rows) {
            String binding = crypto.mailBinding(row.id);
            try {
                row.ciphertext = crypto.encrypt(crypto.decrypt(row.ciphertext, binding), binding);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Queued mail " + row.id + " does not decrypt for its own binding; re-encryption stopped", e);
            }
            row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
        }
        return rows.size();
    }
}
