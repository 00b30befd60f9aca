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
 * what was stored; a template that does not open for its own row is left out without losing the others.
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
    }
}
