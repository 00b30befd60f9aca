package io.consentry.gallery;

import io.consentry.face.Template;
import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gallery consistency across api replicas. A second Quarkus application cannot be started inside this test JVM,
 * so the second replica is stood in for by what makes one: its own {@link IdentificationGalleries} and its own
 * {@link GalleryListener} on its own PostgreSQL connection, fed by the real server's NOTIFY.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class GalleryReplicaTest {

    @Inject
    GallerySync sync;

    @Inject
    IdentificationGalleries galleries;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Test
    void aChangeOnOneReplicaDropsTheSubjectFromAnotherReplicasGallery() {
        UUID tenant = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        List<GalleryMember> members = List.of(member(alice, 1), member(alice, 2), member(bob, 3));

        IdentificationGalleries secondReplica = new IdentificationGalleries();
        List<GalleryChange> received = new CopyOnWriteArrayList<>();
        try (GalleryListener listener = new GalleryListener(jdbcUrl, user, password.orElse(null), "second-replica",
                change -> {
                    received.add(change);
                    secondReplica.invalidate(change.tenantId(), change.subjectId());
                }, secondReplica::invalidateAll).start()) {
            await(listener::listening, "second replica listening");
            assertThat(secondReplica.best(tenant, members.get(0).template(), () -> members)).get()
                    .extracting(GalleryMatch::subjectId).isEqualTo(alice);
            assertThat(galleries.best(tenant, members.get(0).template(), () -> members)).isPresent();
            assertThat(secondReplica.holds(tenant, alice)).isTrue();

            // Replica one (the running api) handles alice's withdrawal.
            sync.changed(tenant, alice);

            assertThat(galleries.holds(tenant, alice)).as("the replica that handled it drops alice at once").isFalse();
            await(() -> !secondReplica.holds(tenant, alice), "second replica drops alice");
            assertThat(received).containsExactly(new GalleryChange(sync.replica(), tenant, alice));
            assertThat(secondReplica.holds(tenant, bob)).isTrue();
            assertThat(secondReplica.stale(tenant)).as("next search reloads from the database").isTrue();

            // The reload reflects the database (alice gone), and alice's probe no longer finds her.
            List<GalleryMember> afterWithdrawal = members.stream().filter(m -> !m.subjectId().equals(alice)).toList();
            Optional<GalleryMatch> probe = secondReplica.best(tenant, members.get(0).template(), () -> afterWithdrawal);
            assertThat(probe).get().extracting(GalleryMatch::subjectId).isEqualTo(bob);
            assertThat(probe.get().score()).isLessThan(0.5f);
        }
    }

    @Test
    void aLoadThatRacedWithAWithdrawalDoesNotBringTheSubjectBack() {
        UUID tenant = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        List<GalleryMember> stale = List.of(member(alice, 7));
        IdentificationGalleries replica = new IdentificationGalleries();
        // The withdrawal commits while the gallery is being loaded from a snapshot that still had alice.
        Optional<GalleryMatch> hit = replica.best(tenant, stale.get(0).template(), () -> {
            replica.invalidate(tenant, alice);
            return stale;
        });
        assertThat(hit).isEmpty();
        assertThat(replica.holds(tenant, alice)).isFalse();
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

    private static GalleryMember member(UUID subject, int seed) {
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
        return new GalleryMember(subject, "ref-" + subject, UUID.randomUUID(), Template.of("test-pack", "1", v, 1f));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting: " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
