package io.consentry.biometric;

import io.consentry.consent.GalleryMember;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Template;
import io.consentry.gallery.GallerySearch;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.subject.Subjects;
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
 * The cold load of a 100,000-template gallery measured on the real servers, split as a load does it: read (the vault's
 * sliced query), decrypt and parse (both timed inside the vault's call), index (the gallery's build, with its first
 * search); then warm searches of that gallery. Each phase is reported in wall time and in CPU time of this JVM
 * (the wall time on a shared machine says as much about the neighbours as about the load). 10,000 subjects of 10
 * templates each. A measurement, not a check, so it runs only when asked:
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
        for (int round = 1; round <= 3; round++) {
            long[] phases = new long[2];
            Clock whole = new Clock();
            List<TemplateVault.Decrypted> opened = QuarkusTransaction.requiringNew().call(() -> vault.decryptFor(subjects, phases));
            whole.stop();
            int rows = opened.size();
            List<GalleryMember> members = opened.stream()
                    .map(d -> new GalleryMember(d.subjectId(), "ref", d.templateId(), d.template())).toList();
            Template probe = members.get(4_242).template();
            UUID tenantId = UUID.randomUUID();
            UUID purpose = UUID.randomUUID();
            Clock index = new Clock();
            GallerySearch first = galleries.search(tenantId, purpose, probe, null, () -> members);
            index.stop();
            assertThat(rows).isEqualTo(SUBJECTS * PER_SUBJECT);
            assertThat(opened).hasSize(SUBJECTS * PER_SUBJECT);
            assertThat(first.best()).isPresent();
            long[] warm = new long[200];
            for (int i = 0; i < warm.length; i++) {
                Template q = members.get(random.nextInt(members.size())).template();
                long start = System.nanoTime();
                galleries.search(tenantId, purpose, q, null, () -> members);
                warm[i] = System.nanoTime() - start;
            }
            Arrays.sort(warm);
            System.out.printf("cold load round %d of %d templates on %d cores (load average %.1f): read %d ms, decrypt+parse %d ms "
                            + "(together %s); index+first search %s; cold load %d ms wall; warm search p50 %.1f ms, p99 %.1f ms%n",
                    round, rows, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), phases[0] / 1_000_000,
                    phases[1] / 1_000_000, whole, index,
                    (whole.wall + index.wall) / 1_000_000, warm[warm.length / 2] / 1e6, warm[warm.length * 99 / 100] / 1e6);
            galleries.invalidateAll();
        }
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
