package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.consentry.tenants.registry.TenantKeyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 */
@ApplicationScoped
public class TenantKeyring {

    private final Map<UUID, Aead> aeadCache = new ConcurrentHashMap<>();

    @Inject
    MasterKey masterKey;

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
        TenantKeyset keyset = find(tenantId);
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
            return keyset.primaryKeyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not rotate the keyset of tenant " + tenantId, e);
        }
    }

    /**
     * Re-encrypts the tenant's keyset under the master key's current primary key (master-key rotation).
     * The keyset itself is unchanged, so nothing encrypted with it needs touching.
     */
    @Transactional
    public void rewrap(UUID tenantId) {
        TenantKeyset keyset = find(tenantId);
        try {
            keyset.wrappedKeyset = wrap(tenantId, unwrap(tenantId, keyset.wrappedKeyset));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyset of tenant " + tenantId + " cannot be opened with the master key", e);
        }
    }

    /** The tenant's AEAD. Callers bind their ciphertexts to tenant, record and purpose through associated data. */
    @Transactional
    public Aead aead(UUID tenantId) {
        return aeadCache.computeIfAbsent(tenantId, id -> {
            try {
                return unwrap(id, find(id).wrappedKeyset).getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The keyset of tenant " + id + " cannot be opened with the master key", e);
            }
        });
    }

    /** Crypto-shred: the keyset row goes, and with it the ability to read anything of the tenant. */
    @Transactional
    public boolean destroy(UUID tenantId) {
        aeadCache.remove(tenantId);
        return TenantKeyset.deleteById(tenantId);
    }

    @Transactional
    public boolean exists(UUID tenantId) {
        return TenantKeyset.findByIdOptional(tenantId).isPresent();
    }

    /** Drops the in-memory primitive so the next use unwraps the stored keyset again (other replicas, tests). */
    public void forgetCached(UUID tenantId) {
        aeadCache.remove(tenantId);
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
