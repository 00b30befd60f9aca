package io.consentry.gallery;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cold load measured on this machine, as the vault and the gallery do it: AES-256-GCM decryption of each stored
 * template bound to its row (the tenant keyset's AEAD), strict parsing, then the index build and the first search.
 * Decryption is timed on one thread (as the vault does it) and on all cores (to decide whether parallel decryption
 * pays). The numbers go to docs/ARCHITECTURE.md ("Gallery memory"); the assertion only keeps the measurement honest
 * (parallel decryption returns every template). A measurement, not a check, so it runs only when asked:
 * {@code mvn -B -o -pl api -am -Dtest=ColdLoadTimingTest -Dsurefire.failIfNoSpecifiedTests=false -Dconsentry.coldload=true test}.
 */
@EnabledIfSystemProperty(named = "consentry.coldload", matches = "true")
class ColdLoadTimingTest {

    @Test
    void decryptAndIndexARealisticGallery() throws Exception {
        AeadConfig.register();
        Aead aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        // The first round warms the JIT; the second and third are the measurements.
        for (int n : new int[] {10_000, 100_000, 100_000}) {
            List<Template> plain = GalleryFootprintTest.templates(n, 512, 7);
            Template probe = plain.get(0);
            byte[][] sealed = new byte[n][];
            String[] bindings = new String[n];
            for (int i = 0; i < n; i++) {
                bindings[i] = "consentry/template/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/" + UUID.randomUUID();
                sealed[i] = aead.encrypt(plain.get(i).toBytes(), bindings[i].getBytes(StandardCharsets.UTF_8));
            }
            plain = null;
            long start = System.nanoTime();
            GalleryMember[] sequential = new GalleryMember[n];
            for (int i = 0; i < n; i++) {
                sequential[i] = open(aead, sealed[i], bindings[i]);
            }
            long oneThread = System.nanoTime() - start;
            start = System.nanoTime();
            GalleryMember[] parallel = new GalleryMember[n];
            IntStream.range(0, n).parallel().forEach(i -> parallel[i] = open(aead, sealed[i], bindings[i]));
            long allCores = System.nanoTime() - start;
            List<GalleryMember> members = List.of(parallel);
            // The index alone: the codes (quantised where each template was decrypted) copied in, on every core.
            List<String> ids = members.stream().map(m -> m.templateId().toString()).toList();
            List<io.consentry.face.IndexedTemplate> templates = members.stream().map(GalleryMember::template).toList();
            start = System.nanoTime();
            io.consentry.face.Gallery bulk = new io.consentry.face.Gallery("test-pack", 512);
            bulk.ensureCapacity(n);
            bulk.putAllIndexed(ids, templates);
            long indexAllCores = System.nanoTime() - start;
            bulk = null;
            // The whole build as a load does it (index on every core, the member maps) and the first search.
            start = System.nanoTime();
            new IdentificationGalleries().best(UUID.randomUUID(), UUID.randomUUID(), probe, () -> members);
            long index = System.nanoTime() - start;
            System.out.printf("cold load of %d templates on %d cores: decrypt+parse+quantise %d ms on one thread, %d ms on all "
                            + "cores; index alone %d ms on all cores; build + first search %d ms; total %d ms%n",
                    n, Runtime.getRuntime().availableProcessors(), oneThread / 1_000_000, allCores / 1_000_000,
                    indexAllCores / 1_000_000, index / 1_000_000, (allCores + index) / 1_000_000);
            assertThat(parallel).doesNotContainNull().hasSize(n);
        }
    }

    private static GalleryMember open(Aead aead, byte[] sealed, String binding) {
        try {
            byte[] bytes = aead.decrypt(sealed, binding.getBytes(StandardCharsets.UTF_8));
            return new GalleryMember(UUID.randomUUID(), "ref", UUID.randomUUID(), Template.parse(bytes, "test-pack"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
