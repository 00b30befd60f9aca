package io.consentry.biometric;

import io.consentry.security.CallerTenant;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
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

    @Inject
    TenantCrypto crypto;
    @Inject
    MinioClient s3;
    @Inject
    CallerTenant caller;
    @Inject
    Event<OutboxWorker.Enqueued> enqueued;

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
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(caller.require().bucket).object(objectKey).build())) {
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
    public static class ObjectStoreUnavailable extends io.consentry.problem.ApiException {
        public ObjectStoreUnavailable(Throwable cause) {
            super(503, "object_store_unavailable", "Storage unavailable",
                    "The object store cannot be reached right now; try again later.");
            initCause(cause);
        }
    }
}
