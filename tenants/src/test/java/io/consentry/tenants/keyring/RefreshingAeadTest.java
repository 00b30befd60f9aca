package io.consentry.tenants.keyring;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replica-side copy of a tenant keyset: "the registry" is a reference the test rotates behind the copy's back,
 * as another api replica does; every load of it is counted.
 */
class RefreshingAeadTest {

    private static final byte[] AD = "consentry/template/t/s/r".getBytes(StandardCharsets.UTF_8);

    private final AtomicReference<KeysetHandle> registry = new AtomicReference<>();
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void tink() throws GeneralSecurityException {
        AeadConfig.register();
    }

    private RefreshingAead replicaCopy() throws GeneralSecurityException {
        return new RefreshingAead(() -> {
            loads.incrementAndGet();
            return registry.get();
        });
    }

    @Test
    void aCiphertextUnderAKeyAddedByAnotherReplicaDecryptsAfterOneReload() throws Exception {
        registry.set(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        RefreshingAead copy = replicaCopy();
        byte[] before = copy.encrypt(bytes("old"), AD);

        // Another replica rotates and re-encrypts under the new primary.
        registry.set(rotated(registry.get()));
        byte[] after = aeadOf(registry.get()).encrypt(bytes("new"), AD);
        long newPrimary = registry.get().getPrimary().getId() & 0xffffffffL;
        assertThat(RefreshingAead.keyIdOf(after)).hasValue(newPrimary);
        assertThat(copy.primaryKeyId()).isNotEqualTo(newPrimary);

        assertThat(copy.decrypt(after, AD)).isEqualTo(bytes("new"));
        assertThat(loads).as("initial load + one reload").hasValue(2);
        // The copy now encrypts with the new primary, and older ciphertexts still decrypt without further reloads.
        assertThat(copy.primaryKeyId()).isEqualTo(newPrimary);
        assertThat(RefreshingAead.keyIdOf(copy.encrypt(bytes("x"), AD))).hasValue(newPrimary);
        assertThat(copy.decrypt(before, AD)).isEqualTo(bytes("old"));
        assertThat(copy.decrypt(after, AD)).isEqualTo(bytes("new"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void aTamperedOrMovedCiphertextUnderAKnownKeyFailsWithoutReloading() throws Exception {
        registry.set(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        RefreshingAead copy = replicaCopy();
        byte[] ciphertext = copy.encrypt(bytes("template"), AD);
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> copy.decrypt(tampered, AD)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> copy.decrypt(ciphertext, bytes("consentry/template/t/other-subject/r")))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(loads).as("no registry read for a key this copy holds").hasValue(1);
    }

    @Test
    void aCiphertextOfAnotherTenantStillFailsAfterTheReload() throws Exception {
        registry.set(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        RefreshingAead copy = replicaCopy();
        byte[] foreign = aeadOf(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)).encrypt(bytes("x"), AD);

        assertThatThrownBy(() -> copy.decrypt(foreign, AD)).isInstanceOf(GeneralSecurityException.class);
        assertThat(loads).as("one reload: the key might have been added elsewhere").hasValue(2);
        assertThatThrownBy(() -> copy.decrypt(new byte[]{1, 2, 3}, AD)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void manyConcurrentFailuresOnTheNewKeyCostOneReload() throws Exception {
        registry.set(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        RefreshingAead copy = replicaCopy();
        registry.set(rotated(registry.get()));
        byte[] after = aeadOf(registry.get()).encrypt(bytes("new"), AD);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<byte[]>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> copy.decrypt(after, AD));
            }
            for (Future<byte[]> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo(bytes("new"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(2);
    }

    @Test
    void anExplicitReloadCatchesUpWithTheRegistrysPrimary() throws Exception {
        registry.set(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        RefreshingAead copy = replicaCopy();
        registry.set(rotated(registry.get()));
        copy.reload();
        assertThat(copy.primaryKeyId()).isEqualTo(registry.get().getPrimary().getId() & 0xffffffffL);
    }

    private static KeysetHandle rotated(KeysetHandle current) throws GeneralSecurityException {
        return KeysetHandle.newBuilder(current)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build();
    }

    private static Aead aeadOf(KeysetHandle handle) throws GeneralSecurityException {
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
