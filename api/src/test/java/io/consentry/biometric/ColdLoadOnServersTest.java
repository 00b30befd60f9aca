package io.consentry.biometric;

import io.consentry.consent.GalleryMember;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Template;
import io.consentry.core.work.TenantWork;
import io.consentry.gallery.GalleryMatch;
import io.consentry.gallery.GallerySource;
import io.consentry.gallery.GallerySearch;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.subject.Subjects;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.admin.client.Keycloak;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cold load of a 100,000-template gallery measured on the real servers, as an identification's load does it: the
 * gallery's own background load, fed by the vault (count, streamed binary read, decryption and parsing on every core),
 * then the index and the first search; then 200 warm searches of that gallery. Reported in wall time and in CPU time
 * of this JVM (the wall time on a shared machine says as much about the neighbours as about the load); three rounds,
 * the first in a JVM that has not run a load's code yet. 10,000 subjects of 10 templates each; every load must find
 * the probe's subject. A measurement, not a check, so it runs only when asked:
 * {@code mvn -B -o -pl api -am -Dtest=ColdLoadOnServersTest -Dsurefire.failIfNoSpecifiedTests=false -Dconsentry.coldload=true test}.
 * The numbers go to docs/ARCHITECTURE.md ("Gallery memory").
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@EnabledIfSystemProperty(named = "consentry.coldload", matches = "true")
class ColdLoadOnServersTest {

    private static final int SUBJECTS = 10_000;
    private static final int PER_SUBJECT = 10;

    @Inject
    Keycloak keycloak;
    @Inject
    TemplateVault vault;
    @Inject
    TenantCrypto crypto;
    @Inject
    CallerTenant caller;
    @Inject
    TenantRegistry registry;
    @Inject
    CurrentEngine engine;
    @Inject
    Subjects subjectDirectory;
    @Inject
    IdentificationGalleries galleries;
    @Inject
    TenantWork work;
    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    io.agroal.api.AgroalDataSource ownerDatabase;

    /** One stored template (the probe) and its subject: every load must find that subject. */
    private Template known;
    private UUID knownSubject;

    @Test
    @ActivateRequestContext
    void aHundredThousandTemplateGalleryLoadsAndIsSearched() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "coldload", "OTHER");
        caller.assume(registry.findBySlug(tenant.slug()).orElseThrow());
        String pack = engine.engine().pack().id();
        String version = engine.engine().pack().version();
        int dim = 512; // the default pack's embedding, as TemplateVaultBulkTest stores it
        List<UUID> subjects = new ArrayList<>();
        Random random = new Random(100_000);
        for (int from = 0; from < SUBJECTS; from += 250) {
            int first = from;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = first; i < Math.min(SUBJECTS, first + 250); i++) {
                    UUID subject = subjectDirectory.create("cold-" + i, null, null).id();
                    subjects.add(subject);
                    for (int t = 0; t < PER_SUBJECT; t++) {
                        BiometricTemplate row = new BiometricTemplate();
                        row.id = UUID.randomUUID();
                        row.subjectId = subject;
                        Template template = Template.of(pack, version, gaussian(random, dim), 1f);
                        if (i == 4_242 && t == 0) {
                            known = template;
                            knownSubject = subject;
                        }
                        row.ciphertext = crypto.encrypt(template.toBytes(), crypto.templateBinding(subject, row.id));
                        row.keyId = TenantCrypto.keyIdOf(row.ciphertext);
                        row.packId = pack;
                        row.quality = 1f;
                        row.createdAt = Instant.now();
                        row.persist();
                    }
                }
            });
        }
        Tenant owner = registry.findBySlug(tenant.slug()).orElseThrow();
        // What autovacuum does within about a minute of a bulk enrolment (its insert threshold): the visibility map is
        // set and statistics are fresh, as they are for any gallery that was not enrolled the moment before.
        try (java.sql.Connection connection = ownerDatabase.getConnection(); java.sql.Statement vacuum = connection.createStatement()) {
            vacuum.execute("VACUUM (ANALYZE) \"" + owner.dbSchema + "\".biometric_template");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        for (int round = 1; round <= 3; round++) {
            UUID tenantId = UUID.randomUUID();
            UUID purpose = UUID.randomUUID();
            long[] reading = new long[1];
            // As an identification's load does it: the vault counts, reads, decrypts and hands batches to the load.
            GallerySource source = sink -> {
                long started = System.nanoTime();
                work.as(owner, () -> QuarkusTransaction.requiringNew().call(() -> vault.openForGallery(subjects, sink::expect,
                        batch -> sink.accept(batch.stream().map(ColdLoadOnServersTest::member).toList()))));
                reading[0] = System.nanoTime() - started;
            };
            long gcBefore = gcMillis();
            Clock whole = new Clock();
            GallerySearch first = galleries.search(tenantId, purpose, known, null, source, null);
            whole.stop();
            long gc = gcMillis() - gcBefore;
            assertThat(galleries.size(tenantId, purpose)).isEqualTo(SUBJECTS * PER_SUBJECT);
            assertThat(first.best()).map(GalleryMatch::subjectId).contains(knownSubject);
            long[] warm = new long[200];
            for (int i = 0; i < warm.length; i++) {
                long start = System.nanoTime();
                galleries.search(tenantId, purpose, known, null, () -> List.of());
                warm[i] = System.nanoTime() - start;
            }
            Arrays.sort(warm);
            System.out.printf("cold load round %d of %d templates on %d cores (load average %.1f): read + decrypt %d ms, "
                            + "index + first search %d ms; cold load %s (garbage collection %d ms of it); warm search p50 %.1f ms, p99 %.1f ms%n",
                    round, galleries.size(tenantId, purpose), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), reading[0] / 1_000_000,
                    (whole.wall - reading[0]) / 1_000_000, whole, gc, warm[warm.length / 2] / 1e6, warm[warm.length * 99 / 100] / 1e6);
            galleries.invalidateAll();
        }
    }

    /** Time the collectors report (G1: pauses of young and mixed collections, and of full ones). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static GalleryMember member(TemplateVault.Indexed d) {
        return new GalleryMember(d.subjectId(), "ref", d.templateId(), d.template());
    }

    private static float[] gaussian(Random random, int dim) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Wall time and this JVM's CPU time of one phase. */
    private static final class Clock {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long wallStart = System.nanoTime();
        private final long cpuStart = OS.getProcessCpuTime();
        long wall;
        long cpu;

        void stop() {
            wall = System.nanoTime() - wallStart;
            cpu = OS.getProcessCpuTime() - cpuStart;
        }

        @Override
        public String toString() {
            return String.format("%d ms wall, %d ms CPU", wall / 1_000_000, cpu / 1_000_000);
        }
    }
}
