package io.consentry.core.storage;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.storage.ObjectStore;
import io.minio.GetObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Encrypted objects in the tenant bucket. Writes and deletes are only recorded in the storage outbox inside the
 * caller's transaction; the {@link OutboxWorker} performs them after commit and retries until S3 accepts them.
 * So a decision (consent, withdrawal, erasure) never fails or gets lost because S3 is down.
 */
@ApplicationScoped
public class ObjectVault {

    private final TenantCrypto crypto;
    /** The tenant's objects are in its bucket on its cell's S3. */
    private final ObjectStore stores;
    private final CallerTenant caller;
    private final Event<OutboxWorker.Enqueued> enqueued;

    ObjectVault(TenantCrypto crypto, ObjectStore stores, CallerTenant caller, Event<OutboxWorker.Enqueued> enqueued) {
        this.crypto = crypto;
        this.stores = stores;
        this.caller = caller;
        this.enqueued = enqueued;
    }

    /** Encrypts and schedules the upload; returns the id of the key used. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long put(String objectKey, byte[] plaintext) {
        byte[] ciphertext = crypto.encrypt(plaintext, crypto.objectBinding(objectKey));
        putCiphertext(objectKey, ciphertext);
        return TenantCrypto.keyIdOf(ciphertext);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void putCiphertext(String objectKey, byte[] ciphertext) {
        OutboxEntry.delete("objectKey = ?1 and operation = ?2", objectKey, OutboxEntry.PUT);
        add(OutboxEntry.PUT, objectKey, ciphertext);
    }

    /** Schedules the deletion; a pending upload of the same object is dropped so it can never resurrect it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(String objectKey) {
        OutboxEntry.delete("objectKey = ?1 and operation = ?2", objectKey, OutboxEntry.PUT);
        add(OutboxEntry.DELETE, objectKey, null);
    }

    /**
     * Key rotation: re-encrypts the object under the current primary key (through the outbox, like every write) and
     * returns the key id it is now under; an object that no longer exists counts as done under {@code primaryKeyId}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long reencrypt(String objectKey, long primaryKeyId) {
        Optional<byte[]> ciphertext = readCiphertext(objectKey);
        if (ciphertext.isEmpty()) {
            return primaryKeyId;
        }
        try {
            return put(objectKey, crypto.decrypt(ciphertext.get(), crypto.objectBinding(objectKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Object " + objectKey + " does not decrypt for its own binding; re-encryption stopped", e);
        }
    }

    /**
     * Uploads still waiting in the outbox whose ciphertext is not under {@code keyId}: an old key must keep decrypting
     * until they are in the bucket and re-encrypted (key rotation retires keys only when this is 0).
     */
    @Transactional
    public long pendingUploadsNotUnder(long keyId) {
        return OutboxEntry.<OutboxEntry>list("operation = ?1", OutboxEntry.PUT).stream()
                .filter(row -> TenantCrypto.keyIdOf(row.payload) != keyId).count();
    }

    /** The decrypted object: from the bucket, or from its pending upload. Empty when it does not exist. */
    public Optional<byte[]> read(String objectKey) throws GeneralSecurityException {
        Optional<byte[]> ciphertext = readCiphertext(objectKey);
        if (ciphertext.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(crypto.decrypt(ciphertext.get(), crypto.objectBinding(objectKey)));
    }

    public Optional<byte[]> readCiphertext(String objectKey) {
        Optional<byte[]> pending = pendingPut(objectKey);
        if (pending.isPresent()) {
            return pending;
        }
        io.consentry.tenants.registry.Tenant tenant = caller.require();
        try (InputStream in = stores.of(tenant).getObject(GetObjectArgs.builder().bucket(tenant.bucket).object(objectKey).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new ObjectStoreUnavailable(e);
        } catch (Exception e) {
            throw new ObjectStoreUnavailable(e);
        }
    }

    @Transactional
    Optional<byte[]> pendingPut(String objectKey) {
        List<OutboxEntry> rows = OutboxEntry.list("objectKey = ?1 and operation = ?2 order by seq desc", objectKey, OutboxEntry.PUT);
        return rows.stream().findFirst().map(row -> row.payload);
    }

    private void add(String operation, String objectKey, byte[] payload) {
        OutboxEntry entry = new OutboxEntry();
        entry.operation = operation;
        entry.objectKey = objectKey;
        entry.payload = payload;
        entry.createdAt = Instant.now();
        entry.nextAttemptAt = entry.createdAt;
        entry.persist();
        enqueued.fire(new OutboxWorker.Enqueued(caller.require().id));
    }

    /** S3 could not be reached; the request can be retried. */
    public static class ObjectStoreUnavailable extends io.consentry.core.problem.ApiException {
        public ObjectStoreUnavailable(Throwable cause) {
            super(ProblemCode.OBJECT_STORE_UNAVAILABLE, "The object store cannot be reached right now; try again later.");
            initCause(cause);
        }
    }
}
