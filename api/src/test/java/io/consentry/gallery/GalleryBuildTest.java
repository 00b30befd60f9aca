package io.consentry.gallery;

import io.consentry.consent.GalleryMember;
import io.consentry.face.Template;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gallery whose members are handed over batch by batch, as the vault opens them, is the gallery built from all of
 * them at once, and the budget holds both before anything is decrypted (the announced number) and as batches arrive
 * (what they hold).
 */
class GalleryBuildTest {

    private static final int N = 9_000;
    private static final int BATCH = 4_096;

    @Test
    void aGalleryBuiltInBatchesFindsWhatTheWholeListFindsAndHoldsTheSameBytes() {
        List<Template> templates = GalleryFootprintTest.templates(N, 512, 31);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        IdentificationGalleries whole = galleries(Long.MAX_VALUE);
        IdentificationGalleries batched = galleries(Long.MAX_VALUE);
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        AtomicInteger handed = new AtomicInteger();
        GallerySource inBatches = sink -> {
            assertThat(sink.expect(N)).isTrue();
            for (int from = 0; from < N; from += BATCH) {
                sink.accept(members.subList(from, Math.min(N, from + BATCH)));
                handed.incrementAndGet();
            }
        };
        for (int probe : new int[] {0, 4_095, 4_096, 8_999}) {
            Template query = templates.get(probe);
            GallerySearch expected = whole.search(tenant, purpose, query, null, () -> members);
            GallerySearch found = batched.search(tenant, purpose, query, null, inBatches, null);
            assertThat(found.best()).map(GalleryMatch::subjectId).contains(members.get(probe).subjectId());
            assertThat(found.best()).isEqualTo(expected.best());
            assertThat(found.runnerUp()).isEqualTo(expected.runnerUp());
            assertThat(found.templates()).isEqualTo(N);
        }
        assertThat(handed).hasValue(3); // loaded once, in three batches
        assertThat(batched.bytesInUse()).isEqualTo(whole.bytesInUse()).isEqualTo(GalleryFootprint.bytes(members,
                templates.get(0)));
    }

    @Test
    void aGalleryAnnouncedLargerThanTheBudgetIsRefusedBeforeAnythingIsHandedOver() {
        Template probe = GalleryFootprintTest.templates(1, 512, 5).get(0);
        IdentificationGalleries galleries = galleries(GalleryFootprint.atLeast(N, probe) - 1);
        AtomicInteger asked = new AtomicInteger();
        GallerySearch refused = galleries.search(UUID.randomUUID(), UUID.randomUUID(), probe, null, sink -> {
            if (sink.expect(N)) {
                asked.incrementAndGet(); // the vault would decrypt here
            }
        }, null);
        assertThat(refused.unavailable()).isEqualTo(IdentificationGalleries.TOO_LARGE);
        assertThat(asked).hasValue(0);
        assertThat(galleries.bytesInUse()).isZero();
    }

    @Test
    void aGalleryThatTurnsOutLargerThanTheBudgetAsItArrivesIsDroppedWhole() {
        // Long external references: more than the least the announced number holds, more than the budget.
        List<Template> templates = GalleryFootprintTest.templates(N, 512, 7);
        List<GalleryMember> members = GalleryFootprintTest.members(templates).stream()
                .map(m -> new GalleryMember(m.subjectId(), "x".repeat(2_000), m.templateId(), m.template())).toList();
        Template probe = templates.get(0);
        long budget = (GalleryFootprint.atLeast(N, probe) + GalleryFootprint.bytes(members, probe)) / 2;
        IdentificationGalleries galleries = galleries(budget);
        GallerySearch refused = galleries.search(UUID.randomUUID(), UUID.randomUUID(), probe, null, sink -> {
            assertThat(sink.expect(N)).isTrue();
            for (int from = 0; from < N; from += BATCH) {
                sink.accept(members.subList(from, Math.min(N, from + BATCH)));
            }
        }, null);
        assertThat(refused.unavailable()).isEqualTo(IdentificationGalleries.TOO_LARGE);
        assertThat(galleries.bytesInUse()).isZero();
    }

    @Test
    void moreTemplatesThanAnnouncedAreAllIndexedAndCounted() {
        // An enrolment committed between the vault's count and its read.
        List<Template> templates = GalleryFootprintTest.templates(N, 512, 13);
        List<GalleryMember> members = GalleryFootprintTest.members(templates);
        IdentificationGalleries galleries = galleries(Long.MAX_VALUE);
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        Template probe = templates.get(N - 1);
        GallerySearch found = galleries.search(tenant, purpose, probe, null, sink -> {
            assertThat(sink.expect(N - 10)).isTrue();
            sink.accept(members);
        }, null);
        assertThat(found.best()).map(GalleryMatch::subjectId).contains(members.get(N - 1).subjectId());
        assertThat(galleries.size(tenant, purpose)).isEqualTo(N);
        assertThat(galleries.bytesInUse()).isEqualTo(GalleryFootprint.bytes(members, probe));
    }

    private static IdentificationGalleries galleries(long budget) {
        return new IdentificationGalleries(budget, new SimpleMeterRegistry(), Duration.ofMinutes(1), 1);
    }
}
