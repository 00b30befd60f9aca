package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget is only as true as the bytes it counts: this builds real galleries and measures the heap they retain,
 * and holds {@link GalleryFootprint}'s estimate at or above the measurement (the budget is never exceeded in fact)
 * and within a fifth of it (the budget is not wasted). The cold load is timed by {@link ColdLoadTimingTest}.
 */
class GalleryFootprintTest {

    @Test
    void theEstimateCoversWhatALoadedGalleryRetains() {
        int n = 20_000;
        long before = usedHeap();
        List<Template> templates = templates(n, 512, 11);
        List<GalleryMember> members = members(templates);
        Template probe = templates.get(0);
        templates = null; // the members hold the templates as the vault hands them over: quantised
        long estimate = GalleryFootprint.bytes(members, probe);
        IdentificationGalleries galleries = new IdentificationGalleries();
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        // Handed over and forgotten, as the vault's batches are: from here on only the gallery holds what it keeps.
        java.util.concurrent.atomic.AtomicReference<List<GalleryMember>> handOver = new java.util.concurrent.atomic.AtomicReference<>(members);
        members = null;
        galleries.best(tenant, purpose, probe, () -> handOver.getAndSet(null));
        long measured = usedHeap() - before;
        System.out.printf("gallery of %d templates (d=512): measured %d B (%d B/template), estimated %d B (%d B/template)%n",
                n, measured, measured / n, estimate, estimate / n);
        assertThat(galleries.bytesInUse()).isEqualTo(estimate);
        assertThat(estimate).isGreaterThanOrEqualTo(measured).isLessThanOrEqualTo(measured + measured / 5);
        assertThat(galleries.size(tenant, purpose)).isEqualTo(n);
    }

    static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Members as the vault yields them: a fresh UUID, reference and template per member (two per subject). */
    static List<GalleryMember> members(int n, int dim, long seed) {
        return members(templates(n, dim, seed));
    }

    /** Random templates of a test pack; the same seed gives the same templates (a member's face, to search with). */
    static List<Template> templates(int n, int dim, long seed) {
        Random random = new Random(seed);
        List<Template> templates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) random.nextGaussian();
            }
            templates.add(Template.of("test-pack", "1", v, 1f));
        }
        return templates;
    }

    /** Members with these templates, in order, quantised as the vault hands them over (two per subject). */
    static List<GalleryMember> members(List<Template> templates) {
        List<GalleryMember> members = new ArrayList<>(templates.size());
        UUID subject = null;
        for (int i = 0; i < templates.size(); i++) {
            if (i % 2 == 0) {
                subject = UUID.randomUUID();
            }
            members.add(new GalleryMember(new UUID(subject.getMostSignificantBits(), subject.getLeastSignificantBits()),
                    "member-" + i, UUID.randomUUID(), templates.get(i)));
        }
        return members;
    }
}
