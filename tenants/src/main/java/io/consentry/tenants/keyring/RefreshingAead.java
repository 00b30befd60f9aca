package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One replica's copy of a tenant's AEAD that catches up with rotations done by other replicas.
 * <p>
 * Another replica may add a key and re-encrypt records under it before this replica hears of the rotation (the
 * notification is asynchronous and may be lost with a dropped connection). A ciphertext made with a key this copy
 * does not hold is exactly that case: Tink ciphertexts name their key id, so such a failure reloads the keyset from
 * the registry once and retries. A failure under a key this copy does hold is a tampered or moved ciphertext;
 * reloading cannot help it, so it fails at once and costs no registry read.
 */
final class RefreshingAead implements Aead {

    /** Where the tenant's current keyset comes from: the registry, read outside the caller's transaction. */
    @FunctionalInterface
    interface KeysetSource {
        KeysetHandle load() throws GeneralSecurityException;
    }

    private final KeysetSource source;
    private volatile Loaded current;

    RefreshingAead(KeysetSource source) throws GeneralSecurityException {
        this.source = source;
        this.current = Loaded.of(source.load());
    }

    /** Encrypts under the primary key of the keyset this copy holds (replaced when it learns of a rotation). */
    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        return current.aead.encrypt(plaintext, associatedData);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        Loaded seen = current;
        try {
            return seen.aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException failed) {
            OptionalLong keyId = keyIdOf(ciphertext);
            if (keyId.isPresent() && seen.keyIds.contains(keyId.getAsLong())) {
                throw failed;
            }
            Loaded fresh = reloadSince(seen);
            if (keyId.isPresent() && !fresh.keyIds.contains(keyId.getAsLong())) {
                throw failed; // not a key of this tenant at all: foreign or corrupt
            }
            return fresh.aead.decrypt(ciphertext, associatedData);
        }
    }

    /** The id of the key new ciphertexts are made with. */
    long primaryKeyId() {
        return current.primaryKeyId;
    }

    /** Reloads the keyset now (the registry names another primary than the one held here). */
    void reload() throws GeneralSecurityException {
        reloadSince(current);
    }

    /** Reloads unless another thread already did since {@code seen}: a burst of failures costs one registry read. */
    private synchronized Loaded reloadSince(Loaded seen) throws GeneralSecurityException {
        if (current != seen) {
            return current;
        }
        Loaded fresh = Loaded.of(source.load());
        current = fresh;
        return fresh;
    }

    /** Tink's output prefix: version byte 0x01, then the 4-byte id of the key that made the ciphertext. */
    static OptionalLong keyIdOf(byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < 5 || ciphertext[0] != 1) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(ciphertext, 1, 4).getInt() & 0xffffffffL);
    }

    private record Loaded(Aead aead, Set<Long> keyIds, long primaryKeyId) {

        static Loaded of(KeysetHandle handle) throws GeneralSecurityException {
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < handle.size(); i++) {
                ids.add(handle.getAt(i).getId() & 0xffffffffL);
            }
            return new Loaded(handle.getPrimitive(RegistryConfiguration.get(), Aead.class), Set.copyOf(ids),
                    handle.getPrimary().getId() & 0xffffffffL);
        }
    }
}
