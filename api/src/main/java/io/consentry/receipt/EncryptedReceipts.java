package io.consentry.receipt;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.storage.ObjectVault;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Signed receipt documents under key rotation: the bucket objects are re-encrypted through the outbox (erased ones are gone already). */
@ApplicationScoped
class EncryptedReceipts implements EncryptedRecords {

    private final ObjectVault objects;

    EncryptedReceipts(ObjectVault objects) {
        this.objects = objects;
    }

    @Override
    public Category category() {
        return Category.OBJECTS;
    }

    @Override
    public long total() {
        return ReceiptRecord.count("erasedAt is null");
    }

    @Override
    public long onKey(long keyId) {
        return ReceiptRecord.count("erasedAt is null and keyId = ?1", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        List<ReceiptRecord> rows = ReceiptRecord.<ReceiptRecord>find("erasedAt is null and keyId <> ?1", primaryKeyId).page(0, limit).list();
        for (ReceiptRecord row : rows) {
            row.keyId = objects.reencrypt(row.objectKey, primaryKeyId);
        }
        return rows.size();
    }
}
