package io.consentry.core.crypto;

/**
 * A feature's records encrypted with the tenant keyset, as key rotation sees them. Each feature that stores ciphertext
 * provides one bean per kind of record, so rotation re-encrypts everything without reading other features' tables.
 */
public interface EncryptedRecords {

    /** What the records are, for the rotation's progress report. */
    enum Category { TEMPLATES, OBJECTS, SIGNING_KEY, CREDENTIALS, MAIL }

    Category category();

    /** How many records exist (rows that still hold ciphertext). */
    long total();

    /** How many of them are encrypted under {@code keyId}. */
    long onKey(long keyId);

    /**
     * Re-encrypts up to {@code limit} records that are not under {@code primaryKeyId}, inside the caller's transaction;
     * returns how many it moved (0 when none is left).
     */
    int reencrypt(long primaryKeyId, int limit);
}
