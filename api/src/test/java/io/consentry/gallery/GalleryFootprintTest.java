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
        List<GalleryMember> members = members(n, 512, 11);
        Template probe = members.get(0).template();
        long estimate = GalleryFootprint.bytes(members, probe);
        IdentificationGalleries galleries = new IdentificationGalleries();
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        List<GalleryMember> loaded = members;
        members = null; // from here on only the gallery holds them
        galleries.best(tenant, purpose, probe, () -> loaded);
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
        Random random = new Random(seed);
        List<GalleryMember> members = new ArrayList<>(n);
        UUID subject = null;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                subject = UUID.randomUUID();
            }
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) random.nextGaussian();
            }
            members.add(new GalleryMember(new UUID(subject.getMostSignificantBits(), subject.getLeastSignificantBits()),
                    "member-" + i, UUID.randomUUID(), Template.of("test-pack", "1", v, 1f)));
        }
        return members;
    }
}
