package io.consentry.biometric;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.agroal.api.AgroalDataSource;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.health.StartupWarmUps;
import io.consentry.face.FaceEngine;
import io.consentry.face.Gallery;
import io.consentry.face.Template;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Runs the vault's part of a gallery load at start-up, in the background, on synthetic templates sealed under a
 * throwaway key that no tenant has: the vault's own code reads them back from PostgreSQL as template rows (streamed,
 * binary, in batches: the synthetic rows are sent up as arrays and come back from {@code unnest}, no table is read or
 * written), decrypts, parses and quantises them on the decryption pool; then they are indexed and searched.
 * {@code gallery.GalleryWarmUp} does the same for the gallery's part.
 * <p>
 * Why: the first gallery load in a JVM ran while the JIT was still compiling that code: measured on two cores for
 * 100,000 templates, 1.23-1.34 s without this and 0.84-0.95 s with it (docs/ARCHITECTURE.md, "Gallery memory"). A replica the autoscaler adds meets every tenant's gallery cold, so its first loads are exactly
 * those. No tenant data is touched; the synthetic templates are garbage once it is done.
 */
@ApplicationScoped
class VaultWarmUp {

    /** Templates per round: several blocks of the index, and enough calls for the JIT's optimising compiler. */
    static final int TEMPLATES = 12_288;
    static final int ROUNDS = 3;
    /** Its name in the readiness check. */
    static final String NAME = "vault";

    private final CurrentEngine engine;
    private final AgroalDataSource database;
    private final boolean enabled;
    private final StartupWarmUps warmUps;
    private volatile Result result;

    /** What the warm-up did: templates opened and indexed, and how long it took. */
    record Result(int templates, long millis) {
    }

    VaultWarmUp(CurrentEngine engine, AgroalDataSource database,
                @ConfigProperty(name = "consentry.gallery.warm-up", defaultValue = "true") boolean enabled, StartupWarmUps warmUps) {
        this.engine = engine;
        this.database = database;
        this.enabled = enabled;
        this.warmUps = warmUps;
    }

    void onStart(@Observes StartupEvent started) {
        if (enabled) {
            warmUps.start(NAME, () -> run().templates() + " synthetic templates read through PostgreSQL, opened and indexed");
        }
    }

    /** One warm-up, on the calling thread; the decryption runs on the vault's pool as a load's does. */
    Result run() throws GeneralSecurityException, SQLException {
        long started = System.nanoTime();
        AeadConfig.register();
        Aead throwaway = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        FaceEngine face = engine.engine();
        Gallery shape = face.newGallery();
        Random random = new Random(started);
        int opened = 0;
        for (int round = 0; round < ROUNDS; round++) {
            UUID[] ids = new UUID[TEMPLATES];
            UUID[] subjects = new UUID[TEMPLATES];
            byte[][] sealed = new byte[TEMPLATES][];
            Template probe = null;
            for (int i = 0; i < TEMPLATES; i++) {
                Template template = Template.of(face.pack().id(), face.pack().version(), randomVector(random, shape.dimension()), 1f);
                probe = probe == null ? template : probe;
                subjects[i] = UUID.randomUUID();
                ids[i] = UUID.randomUUID();
                sealed[i] = throwaway.encrypt(template.toBytes(), binding(subjects[i], ids[i]));
            }
            List<TemplateVault.Indexed> indexed;
            try (Connection connection = database.getConnection()) {
                connection.setAutoCommit(false); // the driver fetches in batches only inside a transaction
                try (PreparedStatement rows = connection.prepareStatement(SYNTHETIC_ROWS)) {
                    TemplateVault.prepareForStreaming(rows);
                    rows.setArray(1, connection.createArrayOf("uuid", ids));
                    rows.setArray(2, connection.createArrayOf("uuid", subjects));
                    rows.setArray(3, connection.createArrayOf("bytea", sealed));
                    indexed = TemplateVault.openForWarmUp(rows,
                            (ciphertext, subject, id) -> throwaway.decrypt(ciphertext, binding(subject, id)), face);
                } finally {
                    connection.rollback();
                }
            }
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

    /** The template table's four columns, made of the arrays sent up: nothing is read from or written to a table. */
    private static final String SYNTHETIC_ROWS = "SELECT id, subject, now(), ciphertext FROM unnest(?::uuid[], ?::uuid[], ?::bytea[])"
            + " AS synthetic(id, subject, ciphertext)";

    private static byte[] binding(UUID subject, UUID id) {
        return ("consentry/warm-up/" + subject + "/" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = random.nextFloat() - 0.5f; // any direction will do, and Gaussians cost the warm-up a third of its time
        }
        return v;
    }
}
