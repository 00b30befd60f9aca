package io.consentry.biometric;

import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.face.Template;
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
import org.keycloak.admin.client.Keycloak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large gallery's templates open completely: more templates than one batch (they are read in batches as they arrive)
 * and more than one thread opens (they are opened on every core, outside the request's context), each equal to
 * what was stored; a template that does not open for its own row is left out without losing the others. A gallery's
 * load gets the same templates batch by batch, one batch at a time, after their number.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class TemplateVaultBulkTest {

    private static final int SUBJECTS = 2 * TemplateVault.ROWS_PER_BATCH + 500;

    @Inject
    Keycloak keycloak;
    @Inject
    TemplateVault vault;
    @Inject
    CallerTenant caller;
    @Inject
    TenantRegistry registry;
    @Inject
    CurrentEngine engine;
    @Inject
    Subjects subjectDirectory;

    @Test
    @ActivateRequestContext
    void aTemplateStoredEarlierInTheSameTransactionIsRead() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "bulkflush", "OTHER");
        caller.assume(registry.findBySlug(tenant.slug()).orElseThrow());
        float[] vector = new float[512];
        Random random = new Random(77);
        for (int j = 0; j < vector.length; j++) {
            vector[j] = (float) random.nextGaussian();
        }
        Template template = Template.of(engine.engine().pack().id(), engine.engine().pack().version(), vector, 1f);
        List<TemplateVault.Decrypted> opened = QuarkusTransaction.requiringNew().call(() -> {
            UUID subject = subjectDirectory.create("same-transaction", null, null).id();
            vault.store(subject, template);
            return vault.decryptFor(List.of(subject));
        });
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).template().vector()).containsExactly(template.vector());
    }

    @Test
    @ActivateRequestContext
    void aGalleryLargerThanOneQueryOpensCompletelyOnEveryCore() {
        Tenants.WithAdmin tenant = Tenants.createWithAdmin(keycloak, "bulk", "OTHER");
        caller.assume(registry.findBySlug(tenant.slug()).orElseThrow());
        Map<UUID, float[]> stored = new HashMap<>();
        List<UUID> subjects = new ArrayList<>();
        String pack = engine.engine().pack().id();
        String version = engine.engine().pack().version();
        Random random = new Random(19);
        // In transactions of 500: one for everything would outlive the transaction timeout on a busy machine.
        for (int from = 0; from < SUBJECTS; from += 500) {
            int first = from;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = first; i < Math.min(SUBJECTS, first + 500); i++) {
                    UUID subject = subjectDirectory.create("bulk-" + i, null, null).id();
                    float[] vector = new float[512];
                    for (int j = 0; j < vector.length; j++) {
                        vector[j] = (float) random.nextGaussian();
                    }
                    Template template = Template.of(pack, version, vector, 1f);
                    vault.store(subject, template);
                    stored.put(subject, template.vector());
                    subjects.add(subject);
                }
            });
        }
        // One row whose ciphertext belongs to another row: it must not open, and must not cost the others.
        UUID victim = subjects.get(7);
        QuarkusTransaction.requiringNew().run(() -> {
            BiometricTemplate moved = BiometricTemplate.<BiometricTemplate>find("subjectId", subjects.get(8)).firstResult();
            BiometricTemplate target = BiometricTemplate.<BiometricTemplate>find("subjectId", victim).firstResult();
            target.ciphertext = moved.ciphertext;
        });

        List<TemplateVault.Decrypted> opened = QuarkusTransaction.requiringNew().call(() -> vault.decryptFor(subjects));

        assertThat(opened).hasSize(SUBJECTS - 1);
        assertThat(opened).extracting(TemplateVault.Decrypted::subjectId).doesNotContain(victim).doesNotHaveDuplicates();
        for (TemplateVault.Decrypted d : opened) {
            assertThat(d.template().vector()).as("template of subject %s", d.subjectId()).containsExactly(stored.get(d.subjectId()));
        }
        // Each ciphertext stays in the table's own pages: out of line (TOAST), a load read every template twice over.
        long outOfLine = QuarkusTransaction.requiringNew().call(() -> ((Number) BiometricTemplate.getEntityManager()
                .createNativeQuery("SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = 'biometric_template'::regclass")
                .getSingleResult()).longValue());
        assertThat(outOfLine).isZero();

        // For a gallery: the same templates, handed over batch by batch as they open, never two batches at once, after
        // the number of templates was announced (the vault counts before it decrypts anything).
        List<Long> announced = new ArrayList<>();
        List<TemplateVault.Indexed> handed = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        long count = QuarkusTransaction.requiringNew().call(() -> vault.openForGallery(subjects, templates -> {
            announced.add(templates);
            return true;
        }, batch -> {
            if (inside.incrementAndGet() > 1 || announced.isEmpty()) {
                overlaps.incrementAndGet();
            }
            batches.incrementAndGet();
            handed.addAll(batch);
            inside.decrementAndGet();
        }));
        assertThat(announced).containsExactly((long) SUBJECTS); // the moved ciphertext is counted, then fails to open
        assertThat(count).isEqualTo(SUBJECTS - 1);
        assertThat(overlaps).hasValue(0);
        assertThat(batches.get()).isGreaterThanOrEqualTo(3);
        assertThat(handed).extracting(TemplateVault.Indexed::templateId)
                .containsExactlyInAnyOrderElementsOf(opened.stream().map(TemplateVault.Decrypted::templateId).toList());
        // Quantised where they were decrypted: an index of exactly those codes finds each decrypted template as itself.
        io.consentry.face.Gallery index = new io.consentry.face.Gallery(handed.get(0).template().packId(), 512);
        index.putAllIndexed(handed.stream().map(h -> h.templateId().toString()).toList(),
                handed.stream().map(TemplateVault.Indexed::template).toList());
        for (int i = 0; i < opened.size(); i += 97) {
            TemplateVault.Decrypted d = opened.get(i);
            io.consentry.face.Gallery.Hit best = index.search(d.template(), 1).get(0);
            assertThat(best.id()).isEqualTo(d.templateId().toString());
            assertThat(best.score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        }

        // Declined when announced (a gallery too large for the replica): nothing is decrypted or handed over.
        java.util.concurrent.atomic.AtomicInteger declinedBatches = new java.util.concurrent.atomic.AtomicInteger();
        long declined = QuarkusTransaction.requiringNew().call(() -> vault.openForGallery(subjects, templates -> false,
                batch -> declinedBatches.incrementAndGet()));
        assertThat(declined).isZero();
        assertThat(declinedBatches).hasValue(0);
    }
}
