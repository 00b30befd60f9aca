package io.consentry.biometric;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.face.FaceEngine;
import io.consentry.face.Gallery;
import io.consentry.face.Template;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Runs the vault's part of a gallery load at start-up, in the background, on synthetic templates sealed under a
 * throwaway key that no tenant has: decryption, parsing and quantisation on the decryption pool (the vault's own code),
 * then the index and a search. {@code gallery.GalleryWarmUp} does the same for the gallery's part.
 * <p>
 * Why: the first gallery load in a JVM ran while the JIT was still compiling that code, and took about half as long
 * again as the next ones (measured on two cores: 1.5 s instead of about 0.9 s for 100,000 templates, docs/ARCHITECTURE.md
 * "Gallery memory"). A replica the autoscaler adds meets every tenant's gallery cold, so its first loads are exactly
 * those. No tenant data is touched; the synthetic templates are garbage once it is done.
 */
@ApplicationScoped
class VaultWarmUp {

    private static final Logger LOG = Logger.getLogger(VaultWarmUp.class);
    /** Templates per round: several blocks of the index, and enough calls for the JIT's optimising compiler. */
    static final int TEMPLATES = 12_288;
    static final int ROUNDS = 3;

    private final CurrentEngine engine;
    private final boolean enabled;
    private volatile Result result;

    /** What the warm-up did: templates opened and indexed, and how long it took. */
    record Result(int templates, long millis) {
    }

    VaultWarmUp(CurrentEngine engine, @ConfigProperty(name = "consentry.gallery.warm-up", defaultValue = "true") boolean enabled) {
        this.engine = engine;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(this::runLogged, "vault-warm-up");
        thread.setDaemon(true); // never holds the api up at shutdown
        thread.start();
    }

    private void runLogged() {
        try {
            Result done = run();
            LOG.infof("Vault warmed up for gallery loads: %d synthetic templates opened and indexed in %d ms", done.templates(), done.millis());
        } catch (RuntimeException | GeneralSecurityException e) {
            // Only the first real load is slower without it.
            LOG.warnf("Gallery load warm-up skipped: %s", e.toString());
        }
    }

    /** One warm-up, on the calling thread; the decryption runs on the vault's pool as a load's does. */
    Result run() throws GeneralSecurityException {
        long started = System.nanoTime();
        AeadConfig.register();
        Aead throwaway = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        FaceEngine face = engine.engine();
        Gallery shape = face.newGallery();
        Random random = new Random(started);
        int opened = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<TemplateVault.Sealed> rows = new ArrayList<>(TEMPLATES);
            Template probe = null;
            for (int i = 0; i < TEMPLATES; i++) {
                Template template = Template.of(face.pack().id(), face.pack().version(), randomVector(random, shape.dimension()), 1f);
                probe = probe == null ? template : probe;
                UUID subject = UUID.randomUUID();
                UUID id = UUID.randomUUID();
                rows.add(new TemplateVault.Sealed(id, subject, Instant.EPOCH,
                        throwaway.encrypt(template.toBytes(), binding(subject, id))));
            }
            List<TemplateVault.Indexed> indexed = TemplateVault.openForWarmUp(
                    (ciphertext, subject, id) -> throwaway.decrypt(ciphertext, binding(subject, id)), face, rows);
            Gallery gallery = face.newGallery();
            gallery.ensureCapacity(indexed.size());
            gallery.putAllIndexed(indexed.stream().map(t -> t.templateId().toString()).toList(),
                    indexed.stream().map(TemplateVault.Indexed::template).toList());
            gallery.search(probe, 10);
            opened += indexed.size();
        }
        result = new Result(opened, (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /** The last warm-up's result, or null before it finished (or when it is switched off). */
    Result result() {
        return result;
    }

    private static byte[] binding(UUID subject, UUID id) {
        return ("consentry/warm-up/" + subject + "/" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = (float) random.nextGaussian();
        }
        return v;
    }
}
