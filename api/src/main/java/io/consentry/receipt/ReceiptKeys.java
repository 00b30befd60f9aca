package io.consentry.receipt;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import io.consentry.core.crypto.TenantCrypto;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant's receipt signing key: an Ed25519 Tink keyset (raw output, so the signatures are plain Ed25519 that any
 * JWK-capable verifier checks), created on first use.
 * <p>
 * Where it lives and why: in the tenant schema, wrapped by the tenant AEAD (which the platform master key wraps in
 * turn). It then shares the tenant's fate — deleting the tenant's keyset crypto-shreds it too, a schema restore brings
 * it back with its data — and needs no change to the platform schema. The public half is stored in clear and published.
 */
@ApplicationScoped
public class ReceiptKeys {

    private final EntityManager em;
    private final TenantCrypto crypto;
    private final io.consentry.tenants.keyring.PlatformKeys platformKeys;

    ReceiptKeys(EntityManager em, TenantCrypto crypto, io.consentry.tenants.keyring.PlatformKeys platformKeys) {
        this.em = em;
        this.crypto = crypto;
        this.platformKeys = platformKeys;
    }

    private final Map<UUID, PublicKeySign> signers = new ConcurrentHashMap<>();

    public record PublicKey(String tinkPublicKeyset, Map<String, String> jwk, long keyId) {
    }

    @PostConstruct
    void register() {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public PublicKeySign signer() {
        UUID tenantId = crypto.tenantId();
        PublicKeySign cached = signers.get(tenantId);
        if (cached != null) {
            return cached;
        }
        ensure();
        Object[] row = (Object[]) em.createNativeQuery("SELECT wrapped_keyset, key_id FROM receipt_signing_key WHERE id = 1").getSingleResult();
        try {
            byte[] json = crypto.decrypt((byte[]) row[0], binding());
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(new String(json, java.nio.charset.StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
            PublicKeySign signer = handle.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            signers.put(tenantId, signer);
            return signer;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The receipt signing key of the tenant does not open", e);
        }
    }

    @Transactional
    public PublicKey publicKey() {
        ensure();
        Object[] row = (Object[]) em.createNativeQuery("SELECT public_keyset, key_id FROM receipt_signing_key WHERE id = 1").getSingleResult();
        String publicKeyset = (String) row[0];
        long keyId = ((Number) row[1]).longValue();
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeyset);
            Ed25519PublicKey key = (Ed25519PublicKey) handle.getPrimary().getKey();
            String x = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getPublicKeyBytes().toByteArray());
            return new PublicKey(publicKeyset, Map.of("kty", "OKP", "crv", "Ed25519", "x", x, "alg", "EdDSA", "use", "sig",
                    "kid", Long.toString(keyId)), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A receipt key for a tenant that does not exist, shaped like a real one and the same on every call and replica
     * (an Ed25519 key pair from a seed the platform's decoy key derives from the slug), so that the public receipt-key
     * route does not tell which tenants exist. It verifies nothing anybody signed.
     */
    public PublicKey decoy(String slug) {
        try {
            byte[] seed = java.util.Arrays.copyOf(platformKeys.decoys()
                    .computeMac(("receipt-key/" + slug).getBytes(java.nio.charset.StandardCharsets.UTF_8)), 32);
            byte[] idBytes = platformKeys.decoys().computeMac(("receipt-key-id/" + slug).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int id = java.nio.ByteBuffer.wrap(idBytes).getInt() & 0x7fffffff;
            byte[] publicKey = com.google.crypto.tink.subtle.Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
            Ed25519PublicKey key = Ed25519PublicKey.create(com.google.crypto.tink.util.Bytes.copyFrom(publicKey));
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(id).makePrimary()).build();
            String x = Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey);
            return new PublicKey(TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle), Map.of("kty", "OKP", "crv",
                    "Ed25519", "x", x, "alg", "EdDSA", "use", "sig", "kid", Long.toString(id)), id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Re-wraps the signing keyset under the tenant's current primary key (key rotation). True if it changed. */
    @Transactional
    public boolean rewrap() {
        ensure();
        byte[] wrapped = (byte[]) em.createNativeQuery("SELECT wrapped_keyset FROM receipt_signing_key WHERE id = 1").getSingleResult();
        long primary = crypto.primaryKeyId();
        if (TenantCrypto.keyIdOf(wrapped) == primary) {
            return false;
        }
        try {
            byte[] plain = crypto.decrypt(wrapped, binding());
            em.createNativeQuery("UPDATE receipt_signing_key SET wrapped_keyset = ?1 WHERE id = 1")
                    .setParameter(1, crypto.encrypt(plain, binding())).executeUpdate();
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the tenant key that wraps the signing key now. */
    @Transactional
    public long wrappingKeyId() {
        ensure();
        byte[] wrapped = (byte[]) em.createNativeQuery("SELECT wrapped_keyset FROM receipt_signing_key WHERE id = 1").getSingleResult();
        return TenantCrypto.keyIdOf(wrapped);
    }

    private void ensure() {
        List<?> existing = em.createNativeQuery("SELECT 1 FROM receipt_signing_key WHERE id = 1").getResultList();
        if (!existing.isEmpty()) {
            return;
        }
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519WithRawOutput);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
            String publicJson = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle());
            em.createNativeQuery("INSERT INTO receipt_signing_key (id, wrapped_keyset, key_id, public_keyset, created_at) "
                            + "VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING")
                    .setParameter(1, crypto.encrypt(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), binding()))
                    .setParameter(2, handle.getPrimary().getId() & 0xffffffffL)
                    .setParameter(3, publicJson)
                    .setParameter(4, Instant.now())
                    .executeUpdate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create the receipt signing key", e);
        }
    }

    private String binding() {
        return "consentry/receipt-signing-key/" + crypto.tenantId();
    }
}
