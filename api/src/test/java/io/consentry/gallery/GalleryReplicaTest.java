package io.consentry.gallery;

import io.consentry.consent.GalleryMember;

import io.consentry.face.Template;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of gallery consistency one replica decides on its own: a load racing with a withdrawal, and the strict
 * reading of what other replicas announce. That a change on one api process reaches another (withdrawal, key
 * rotation) is shown with two real api processes in {@code io.consentry.replicas.TwoReplicasIT}.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class GalleryReplicaTest {

    @Test
    void aLoadThatRacedWithAWithdrawalDoesNotBringTheSubjectBack() {
        UUID tenant = UUID.randomUUID();
        UUID purpose = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        List<GalleryMember> stale = List.of(member(alice, 7));
        IdentificationGalleries replica = new IdentificationGalleries();
        // The withdrawal commits while the gallery is being loaded from a snapshot that still had alice.
        Optional<GalleryMatch> hit = replica.best(tenant, purpose, template(7), () -> {
            replica.invalidate(tenant, alice);
            return stale;
        });
        assertThat(hit).isEmpty();
        assertThat(replica.holds(tenant, purpose, alice)).isFalse();
    }

    @Test
    void eachIdentificationPurposeHasItsOwnGalleryAndAChangeReachesAllOfThem() {
        UUID tenant = UUID.randomUUID();
        UUID lounge = UUID.randomUUID();
        UUID carPark = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        GalleryMember aliceMember = member(alice, 1);
        GalleryMember bobMember = member(bob, 2);
        IdentificationGalleries replica = new IdentificationGalleries();
        // Alice consented to identification in the lounge only; Bob to both.
        assertThat(replica.best(tenant, lounge, template(1), () -> List.of(aliceMember, bobMember)))
                .map(GalleryMatch::subjectId).contains(alice);
        assertThat(replica.best(tenant, carPark, template(1), () -> List.of(bobMember)))
                .map(GalleryMatch::subjectId).as("the car park's gallery never held Alice").contains(bob);
        assertThat(replica.holds(tenant, carPark, alice)).isFalse();
        assertThat(replica.holds(tenant, lounge, bob)).isTrue();

        replica.invalidate(tenant, bob);
        assertThat(replica.holds(tenant, lounge, bob)).isFalse();
        assertThat(replica.holds(tenant, carPark, bob)).isFalse();
        assertThat(replica.stale(tenant, lounge)).isTrue();
        assertThat(replica.stale(tenant, carPark)).isTrue();
    }

    @Test
    void notificationPayloadsAreStrict() {
        UUID t = UUID.randomUUID();
        UUID s = UUID.randomUUID();
        assertThat(GalleryChange.parse(new GalleryChange("r", t, s).payload())).contains(new GalleryChange("r", t, s));
        assertThat(GalleryChange.parse("r:" + t)).isEmpty();
        assertThat(GalleryChange.parse("r:not-a-uuid:" + s)).isEmpty();
        assertThat(GalleryChange.parse(null)).isEmpty();
    }

    @Test
    void keysetNoticesShareTheChannelWithoutBeingTakenForGalleryChanges() {
        UUID t = UUID.randomUUID();
        String payload = new KeysetChange("r", t).payload();
        assertThat(KeysetChange.parse(payload)).contains(new KeysetChange("r", t));
        assertThat(GalleryChange.parse(payload)).as("an older replica ignores it").isEmpty();
        assertThat(KeysetChange.parse(new GalleryChange("r", t, UUID.randomUUID()).payload())).isEmpty();
        assertThat(KeysetChange.parse("r:not-a-uuid:keyset")).isEmpty();
        assertThat(KeysetChange.parse("r:" + t + ":keyset:extra")).isEmpty();
        assertThat(KeysetChange.parse(null)).isEmpty();
    }

    private static GalleryMember member(UUID subject, int seed) {
        return new GalleryMember(subject, "ref-" + subject, UUID.randomUUID(), template(seed));
    }

    /** The same seed, the same face. */
    private static Template template(int seed) {
        float[] v = new float[512];
        Random random = new Random(seed);
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return Template.of("test-pack", "1", v, 1f);
    }
}
