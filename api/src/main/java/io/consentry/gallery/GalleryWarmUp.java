package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.health.StartupWarmUps;
import io.consentry.face.FaceEngine;
import io.consentry.face.Template;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Runs the gallery's part of a load at start-up, in the background: a private {@link IdentificationGalleries} (not the
 * replica's: no budget, metric or resident gallery of it changes) loads synthetic members in batches, builds its index
 * and maps, and searches with the pack's score. The vault's part (decryption) is warmed by {@code biometric.VaultWarmUp}.
 * <p>
 * Why: the first load in a JVM ran while the JIT compiled this code; its index and first search took about twice as
 * long as the next loads' (docs/ARCHITECTURE.md, "Gallery memory").
 */
@ApplicationScoped
class GalleryWarmUp {

    static final int MEMBERS = 12_288;
    static final int ROUNDS = 3;
    private static final int BATCH = 4_096;

    /** Its name in the readiness check. */
    static final String NAME = "gallery";

    private final CurrentEngine engine;
    private final boolean enabled;
    private final StartupWarmUps warmUps;

    GalleryWarmUp(CurrentEngine engine, @ConfigProperty(name = "consentry.gallery.warm-up", defaultValue = "true") boolean enabled,
                  StartupWarmUps warmUps) {
        this.engine = engine;
        this.enabled = enabled;
        this.warmUps = warmUps;
    }

    void onStart(@Observes StartupEvent started) {
        if (enabled) {
            warmUps.start(NAME, () -> run() + " of " + ROUNDS + " synthetic galleries of " + MEMBERS + " members found the member searched for");
        }
    }

    /** One warm-up on the calling thread; returns how many of its searches found the member searched for. */
    int run() {
        FaceEngine face = engine.engine();
        int dim = face.newGallery().dimension();
        Random random = new Random(System.nanoTime());
        IdentificationGalleries scratch = new IdentificationGalleries(Long.MAX_VALUE, new SimpleMeterRegistry(), Duration.ofMinutes(5), 1);
        int found = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<GalleryMember> members = new ArrayList<>(MEMBERS);
                Template probe = null;
                for (int i = 0; i < MEMBERS; i++) {
                    Template template = Template.of(face.pack().id(), face.pack().version(), randomVector(random, dim), 1f);
                    probe = probe == null ? template : probe;
                    members.add(new GalleryMember(UUID.randomUUID(), "warm-up", UUID.randomUUID(), template));
                }
                UUID firstSubject = members.get(0).subjectId();
                GallerySearch search = scratch.search(UUID.randomUUID(), UUID.randomUUID(), probe, (a, b) -> a.similarity(b), sink -> {
                    sink.expect(members.size());
                    for (int from = 0; from < members.size(); from += BATCH) {
                        sink.accept(members.subList(from, Math.min(members.size(), from + BATCH)));
                    }
                }, null);
                if (search.best().map(GalleryMatch::subjectId).filter(firstSubject::equals).isPresent()) {
                    found++;
                }
                scratch.invalidateAll();
            }
        } finally {
            scratch.stop();
        }
        return found;
    }

    private static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = random.nextFloat() - 0.5f; // any direction will do, and Gaussians cost the warm-up a third of its time
        }
        return v;
    }
}
