package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.consentry.tenants.registry.TenantKeyset;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant keysets: created at provisioning, wrapped by the {@link MasterKey}, unwrapped on demand and cached in memory.
 * The wrapping binds the ciphertext to the tenant id, so a wrapped keyset copied to another tenant's row fails to open.
 * <p>
 * Several api replicas each cache the primitive. A rotation or destruction fires {@link KeysetChanged}: this replica
 * drops its copy once the change committed and the api tells the other replicas to do the same. Until they hear of
 * it, their copy ({@link RefreshingAead}) still decrypts what the new key made by reloading the keyset when it meets
 * an unknown key id, and {@link #primaryKeyId} brings it up to the registry's primary for the re-encryption job.
 * Keysets are always read as committed, in a transaction of their own, so a rolled-back rotation never gets cached.
 */
@ApplicationScoped
public class TenantKeyring {

    private final Map<UUID, RefreshingAead> aeadCache = new ConcurrentHashMap<>();

    private final MasterKey masterKey;
    private final Event<KeysetChanged> keysetChanged;

    TenantKeyring(MasterKey masterKey, Event<KeysetChanged> keysetChanged) {
        this.masterKey = masterKey;
        this.keysetChanged = keysetChanged;
    }

    /** Creates and stores a new keyset for the tenant. Part of provisioning. */
    @Transactional
    public void create(UUID tenantId) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            TenantKeyset keyset = new TenantKeyset();
            keyset.tenantId = tenantId;
            keyset.wrappedKeyset = wrap(tenantId, handle);
            keyset.primaryKeyId = handle.getPrimary().getId() & 0xffffffffL;
            keyset.createdAt = Instant.now();
            keyset.persist();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate a keyset for tenant " + tenantId, e);
        }
    }

    /** Adds a new primary key; older keys stay in the keyset so everything encrypted before still decrypts. */
    @Transactional
    public long rotate(UUID tenantId) {
        TenantKeyset keyset = findForUpdate(tenantId);
        try {
            KeysetHandle current = unwrap(tenantId, keyset.wrappedKeyset);
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            keyset.wrappedKeyset = wrap(tenantId, rotated);
            keyset.primaryKeyId = rotated.getPrimary().getId() & 0xffffffffL;
            keyset.rotatedAt = Instant.now();
            aeadCache.remove(tenantId);
            keysetChanged.fire(new KeysetChanged(tenantId));
            return keyset.primaryKeyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not rotate the keyset of tenant " + tenantId, e);
        }
    }

    /**
     * Disables every key of the tenant's keyset but {@code primaryKeyId}: for when nothing encrypted under the others
     * is left (the rotation checked). A disabled key decrypts nothing, so a copy of old ciphertext (a backup, a leaked
     * dump) that the rotation replaced stays unreadable even with the keyset; it is kept, not destroyed, so an operator
     * can still enable it for data restored from a backup. Returns the ids disabled now. Does nothing if the primary
     * moved meanwhile (another rotation started) or if the rotation is younger than {@code settle}: a replica that has
     * not yet heard of it may still be encrypting under the old primary.
     */
    @Transactional
    public java.util.List<Long> disableAllBut(UUID tenantId, long primaryKeyId, java.time.Duration settle) {
        TenantKeyset keyset = findForUpdate(tenantId);
        if (keyset.primaryKeyId != primaryKeyId
                || (keyset.rotatedAt != null && keyset.rotatedAt.plus(settle).isAfter(Instant.now()))) {
            return java.util.List.of();
        }
        try {
            KeysetHandle current = unwrap(tenantId, keyset.wrappedKeyset);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
            java.util.List<Long> disabled = new java.util.ArrayList<>();
            for (int i = 0; i < builder.size(); i++) {
                KeysetHandle.Builder.Entry entry = builder.getAt(i);
                long id = current.getAt(i).getId() & 0xffffffffL;
                if (!entry.isPrimary() && entry.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED) {
                    entry.setStatus(com.google.crypto.tink.KeyStatus.DISABLED);
                    disabled.add(id);
                }
            }
            if (disabled.isEmpty()) {
                return disabled;
            }
            keyset.wrappedKeyset = wrap(tenantId, builder.build());
            aeadCache.remove(tenantId);
            keysetChanged.fire(new KeysetChanged(tenantId));
            return disabled;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not disable the old keys of tenant " + tenantId, e);
        }
    }

    /** Ids of the keys that still decrypt (enabled), the primary included. */
    @Transactional
    public java.util.List<Long> enabledKeyIds(UUID tenantId) {
        try {
            KeysetHandle handle = unwrap(tenantId, find(tenantId).wrappedKeyset);
            java.util.List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < handle.size(); i++) {
                if (handle.getAt(i).getStatus() == com.google.crypto.tink.KeyStatus.ENABLED) {
                    ids.add(handle.getAt(i).getId() & 0xffffffffL);
                }
            }
            return ids;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyset of tenant " + tenantId + " cannot be opened with the master key", e);
        }
    }

    /**
     * Re-encrypts the tenant's keyset under the master key's current primary key (master-key rotation).
     * The keyset itself is unchanged, so nothing encrypted with it needs touching.
     */
    @Transactional
    public void rewrap(UUID tenantId) {
        TenantKeyset keyset = findForUpdate(tenantId);
        try {
            keyset.wrappedKeyset = wrap(tenantId, unwrap(tenantId, keyset.wrappedKeyset));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyset of tenant " + tenantId + " cannot be opened with the master key", e);
        }
    }

    /** The tenant's AEAD. Callers bind their ciphertexts to tenant, record and purpose through associated data. */
    public Aead aead(UUID tenantId) {
        return aeadCache.computeIfAbsent(tenantId, id -> {
            try {
                return new RefreshingAead(() -> loadCommitted(id));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The keyset of tenant " + id + " cannot be opened with the master key", e);
            }
        });
    }

    /**
     * The tenant's primary key id as the registry records it. If this replica's cached primitive still encrypts with
     * an older primary (a rotation on another replica it has not heard of yet), it is reloaded first, so that
     * whatever the caller encrypts next uses the registry's primary.
     */
    @Transactional
    public long primaryKeyId(UUID tenantId) {
        long stored = TenantKeyset.getEntityManager()
                .createQuery("select k.primaryKeyId from TenantKeyset k where k.tenantId = ?1", Long.class)
                .setParameter(1, tenantId).getResultStream().findFirst()
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no keyset (deleted?)"));
        RefreshingAead cached = aeadCache.get(tenantId);
        if (cached != null && cached.primaryKeyId() != stored) {
            try {
                cached.reload();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The keyset of tenant " + tenantId + " cannot be opened with the master key", e);
            }
        }
        return stored;
    }

    /** Crypto-shred: the keyset row goes, and with it the ability to read anything of the tenant. */
    @Transactional
    public boolean destroy(UUID tenantId) {
        aeadCache.remove(tenantId);
        keysetChanged.fire(new KeysetChanged(tenantId));
        return TenantKeyset.deleteById(tenantId);
    }

    /**
     * Once a rotation committed, drop the copy again: a request may have cached the old keyset between the removal
     * in {@link #rotate} and the commit.
     */
    void afterChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeysetChanged change) {
        aeadCache.remove(change.tenantId());
    }

    @Transactional
    public boolean exists(UUID tenantId) {
        return TenantKeyset.findByIdOptional(tenantId).isPresent();
    }

    /** Drops the in-memory primitive so the next use unwraps the stored keyset again (other replicas, tests). */
    public void forgetCached(UUID tenantId) {
        aeadCache.remove(tenantId);
    }

    /** Drops every cached primitive (e.g. after rotation notices from other replicas may have been missed). */
    public void forgetAll() {
        aeadCache.clear();
    }

    /** The committed keyset, read in a transaction of its own whatever the caller's transaction holds or changed. */
    private KeysetHandle loadCommitted(UUID tenantId) throws GeneralSecurityException {
        byte[] wrapped = QuarkusTransaction.requiringNew().call(() -> find(tenantId).wrappedKeyset);
        return unwrap(tenantId, wrapped);
    }

    /**
     * Locks the row: two rotations (or a rotation and a master-key rewrap) on different replicas would otherwise
     * both start from the same keyset, and the second commit would silently drop the first one's new key together
     * with everything already re-encrypted under it.
     */
    private TenantKeyset findForUpdate(UUID tenantId) {
        Optional<TenantKeyset> keyset = TenantKeyset.findByIdOptional(tenantId, LockModeType.PESSIMISTIC_WRITE);
        return keyset.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no keyset (deleted?)"));
    }

    private TenantKeyset find(UUID tenantId) {
        Optional<TenantKeyset> keyset = TenantKeyset.findByIdOptional(tenantId);
        return keyset.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no keyset (deleted?)"));
    }

    private byte[] wrap(UUID tenantId, KeysetHandle handle) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, masterKey.aead(), associatedData(tenantId));
    }

    private KeysetHandle unwrap(UUID tenantId, byte[] wrapped) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), associatedData(tenantId));
    }

    private static byte[] associatedData(UUID tenantId) {
        return ("consentry/tenant-keyset/" + tenantId).getBytes(StandardCharsets.UTF_8);
    }
}
