package io.consentry.biometric;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.storage.ObjectVault;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Kept enrolment photos under key rotation: the bucket objects are re-encrypted through the outbox. */
@ApplicationScoped
class EncryptedRetainedImages implements EncryptedRecords {

    private final ObjectVault objects;

    EncryptedRetainedImages(ObjectVault objects) {
        this.objects = objects;
    }

    @Override
    public Category category() {
        return Category.OBJECTS;
    }

    @Override
    public long total() {
        return RetainedImage.count();
    }

    @Override
    public long onKey(long keyId) {
        return RetainedImage.count("keyId", keyId);
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        List<RetainedImage> rows = RetainedImage.find("keyId <> ?1", primaryKeyId).page(0, limit).list();
        for (RetainedImage row : rows) {
            row.keyId = objects.reencrypt(row.objectKey, primaryKeyId);
        }
        return rows.size();
    }
}
