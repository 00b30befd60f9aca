package io.consentry.receipt;

import io.consentry.core.crypto.EncryptedRecords;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.enterprise.context.ApplicationScoped;

/** The tenant's receipt signing key (one record, wrapped with the tenant keyset) under key rotation. */
@ApplicationScoped
class EncryptedSigningKey implements EncryptedRecords {

    private final ReceiptKeys keys;
    private final TenantCrypto crypto;

    EncryptedSigningKey(ReceiptKeys keys, TenantCrypto crypto) {
        this.keys = keys;
        this.crypto = crypto;
    }

    @Override
    public Category category() {
        return Category.SIGNING_KEY;
    }

    @Override
    public long total() {
        return 1;
    }

    @Override
    public long onKey(long keyId) {
        return keys.wrappingKeyId() == keyId ? 1 : 0;
    }

    @Override
    public int reencrypt(long primaryKeyId, int limit) {
        return limit > 0 && keys.rewrap() ? 1 : 0;
    }
}
