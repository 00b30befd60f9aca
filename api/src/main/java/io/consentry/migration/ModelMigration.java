package io.consentry.migration;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.BiometricsChanged;
import io.consentry.consent.ConsentGuard;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.crypto.TenantCrypto;
import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.work.JobExecutor;
import io.consentry.core.work.TenantWork;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Template;
import io.consentry.purpose.PurposeKind;
import io.consentry.subject.SubjectDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model migration: after the configured model pack changed, every subject with stale templates (made by another
 * pack) is either rebuilt from the retained enrolment photo — only while they consent to image retention AND to a
 * purpose that needs a template, checked again under the subject's lock before anything is stored — or flagged
 * "re-enrolment required". Stale templates are never compared with anything meanwhile (the vault does not decrypt
 * them), so access falls back to alternatives until then.
 * <p>
 * Runs in the background, one subject per transaction, in subject-id order (so a run always ends). Progress is
 * derived from the data (templates per pack, flags), the same on every replica; running it again is safe (a subject
 * another replica already migrated is skipped under its lock) and picks up what a previous run left.
 */
@ApplicationScoped
public class ModelMigration {

    private static final Logger LOG = Logger.getLogger(ModelMigration.class);
    static final int BATCH = 50;
    static final Actor JOB = Actor.system("model-migration");

    private final CurrentEngine engine;
    private final TemplateVault vault;
    private final ConsentGuard guard;
    private final SubjectDirectory subjects;
    private final AuditTrail audit;
    private final TenantCrypto crypto;
    private final CallerTenant caller;
    private final TenantWork work;
    private final JobExecutor executor;
    private final MigrationInventory inventory;
    private final Event<BiometricsChanged> changed;

    ModelMigration(CurrentEngine engine, TemplateVault vault, ConsentGuard guard, SubjectDirectory subjects,
                   AuditTrail audit, TenantCrypto crypto, CallerTenant caller, TenantWork work,
                   JobExecutor executor, MigrationInventory inventory, Event<BiometricsChanged> changed) {
        this.engine = engine;
        this.vault = vault;
        this.guard = guard;
        this.subjects = subjects;
        this.audit = audit;
        this.crypto = crypto;
        this.caller = caller;
        this.work = work;
        this.executor = executor;
        this.inventory = inventory;
        this.changed = changed;
    }

    /** What happened to one subject. */
    enum Result { REBUILT, FLAGGED, SUPERSEDED, SKIPPED }

    /** The last (or current) run on this replica, per tenant. Replica-local: the counts in the status are not. */
    private final Map<UUID, RunReport> runs = new ConcurrentHashMap<>();

    public record RunReport(String packId, Instant startedAt, Instant finishedAt, int subjects, int rebuiltTemplates,
                            int flaggedSubjects, int supersededSubjects, int skippedSubjects, long rebuildMillis,
                            Double millisPerRebuiltTemplate, String error) {
        boolean running() {
            return finishedAt == null;
        }

        RunReport add(Tally t, long millis) {
            int rebuilt = rebuiltTemplates + t.rebuiltTemplates();
            long spent = rebuildMillis + (t.result() == Result.REBUILT ? millis : 0);
            return new RunReport(packId, startedAt, null, subjects + 1, rebuilt,
                    flaggedSubjects + (t.result() == Result.FLAGGED ? 1 : 0),
                    supersededSubjects + (t.result() == Result.SUPERSEDED ? 1 : 0),
                    skippedSubjects + (t.result() == Result.SKIPPED ? 1 : 0), spent,
                    rebuilt == 0 ? null : (double) spent / rebuilt, null);
        }
    }

    /** The migration state of the current tenant. */
    public MigrationStatus status() {
        UUID tenantId = crypto.tenantId();
        RunReport run = runs.get(tenantId);
        return inventory.status(engine.packId(), run != null && run.running(), run);
    }

    /** Starts (or resumes) the migration of the current tenant in the background, unless it already runs here. */
    public MigrationStatus start(Actor actor) {
        var tenant = caller.require();
        String pack = engine.packId();
        RunReport started = new RunReport(pack, Instant.now(), null, 0, 0, 0, 0, 0, 0, null, null);
        if (runs.compute(tenant.id, (id, previous) -> previous != null && previous.running() ? previous : started) != started) {
            return status(); // already running on this replica
        }
        QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditEvent(actor, "migration.started", null, null, AuditOutcome.OK,
                Map.of("packId", pack))));
        executor.execute(() -> {
            RunReport report;
            try {
                report = work.as(tenant, () -> runToCompletion(pack, tenant.id));
            } catch (RuntimeException e) {
                RunReport sofar = runs.get(tenant.id);
                report = finished(sofar, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                LOG.errorf("Model migration of tenant %s stopped (start it again to resume): %s", tenant.slug, report.error());
            }
            runs.put(tenant.id, report);
            LOG.infof("Model migration of tenant %s to %s: %d rebuilt, %d flagged, %d superseded, %d skipped; %s ms per rebuilt template",
                    tenant.slug, pack, report.rebuiltTemplates(), report.flaggedSubjects(), report.supersededSubjects(),
                    report.skippedSubjects(), report.millisPerRebuiltTemplate());
        });
        return status();
    }

    /** Migrates every pending subject of the current tenant to {@code pack}; returns the run's report. */
    RunReport runToCompletion(String pack, UUID tenantId) {
        RunReport report = runs.getOrDefault(tenantId, new RunReport(pack, Instant.now(), null, 0, 0, 0, 0, 0, 0, null, null));
        UUID after = null;
        while (true) {
            if (!pack.equals(engine.packId())) {
                return finished(report, "the configured model pack changed during the run; start it again");
            }
            UUID from = after;
            List<UUID> batch = QuarkusTransaction.requiringNew().call(() -> inventory.pendingSubjects(pack, from, BATCH));
            if (batch.isEmpty()) {
                break;
            }
            for (UUID subjectId : batch) {
                long started = System.nanoTime();
                Tally tally = migrateSubject(subjectId, pack);
                long millis = (System.nanoTime() - started) / 1_000_000;
                report = report.add(tally, millis);
                runs.put(tenantId, report);
                after = subjectId;
            }
        }
        RunReport done = finished(report, null);
        QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditEvent(JOB, "migration.finished", null, null, AuditOutcome.OK,
                Map.of("packId", pack, "rebuiltTemplates", Integer.toString(done.rebuiltTemplates()),
                        "flaggedSubjects", Integer.toString(done.flaggedSubjects()),
                        "supersededSubjects", Integer.toString(done.supersededSubjects())))));
        return done;
    }

    record Tally(Result result, int rebuiltTemplates) {
    }

    /** One subject: rebuild from the retained photos, or flag. Never leaves the subject half-migrated. */
    Tally migrateSubject(UUID subjectId, String pack) {
        record Plan(List<TemplateVault.StaleTemplate> stale, boolean hasCurrent, boolean templateConsent, boolean retention) {
        }
        Plan plan = QuarkusTransaction.requiringNew().call(() -> new Plan(vault.staleTemplates(subjectId, pack),
                vault.currentCount(subjectId, pack) > 0, templateConsent(subjectId),
                guard.anyActiveConsentOfKind(subjectId, PurposeKind.IMAGE_RETENTION)));
        if (plan.stale().isEmpty()) {
            return new Tally(Result.SKIPPED, 0);
        }
        String stalePack = plan.stale().get(0).packId();
        if (plan.hasCurrent()) {
            return supersede(subjectId, pack, plan.stale().size());
        }
        if (!plan.templateConsent()) {
            return flag(subjectId, pack, stalePack, "no_template_consent");
        }
        if (!plan.retention()) {
            return flag(subjectId, pack, stalePack, "no_retention_consent");
        }
        if (plan.stale().stream().allMatch(t -> t.photos().isEmpty())) {
            return flag(subjectId, pack, stalePack, "no_retained_image");
        }
        // The engine runs outside any transaction (it takes tens of milliseconds per photo).
        FaceEngine current = engine.engine();
        if (!current.pack().id().equals(pack)) {
            return new Tally(Result.SKIPPED, 0);
        }
        record Rebuilt(UUID staleTemplateId, UUID photoId, Template template) {
        }
        List<Rebuilt> rebuilt = new ArrayList<>();
        String failure = "no_retained_image";
        for (TemplateVault.StaleTemplate stale : plan.stale()) {
            for (TemplateVault.RetainedPhoto photo : stale.photos()) {
                Optional<byte[]> image;
                try {
                    image = vault.readRetainedPhoto(photo);
                } catch (GeneralSecurityException e) {
                    LOG.errorf("Retained photo %s of subject %s does not decrypt for its key; not used", photo.id(), subjectId);
                    failure = "image_not_usable";
                    continue;
                }
                if (image.isEmpty()) {
                    continue;
                }
                try {
                    // The same gates as an enrolment: the new template must meet the current pack's standard.
                    Template template = current.analyzeSingle(image.get(), AnalyzeOptions.defaults().withLiveness(true)).template();
                    rebuilt.add(new Rebuilt(stale.templateId(), photo.id(), template));
                    break; // one template per stale template
                } catch (FaceEngineException e) {
                    LOG.infof("Retained photo %s of subject %s does not pass pack %s (%s)", photo.id(), subjectId, pack,
                            e.code().code());
                    failure = "image_not_usable";
                }
            }
        }
        if (rebuilt.isEmpty()) {
            return flag(subjectId, pack, stalePack, failure);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // Consent may have been withdrawn while the engine ran: check again holding the subject's lock, as an
            // enrolment does, so that nothing is stored after a withdrawal committed.
            subjects.lock(subjectId);
            if (!templateConsent(subjectId) || !guard.anyActiveConsentOfKind(subjectId, PurposeKind.IMAGE_RETENTION)) {
                return new Tally(Result.SKIPPED, 0);
            }
            List<String> created = new ArrayList<>();
            for (Rebuilt r : rebuilt) {
                vault.replaceStale(subjectId, r.staleTemplateId(), r.photoId(), r.template()).ifPresent(id -> created.add(id.toString()));
            }
            if (created.isEmpty()) {
                return new Tally(Result.SKIPPED, 0); // migrated by another replica meanwhile
            }
            // Stale templates without a usable photo are superseded by the rebuilt ones.
            long superseded = vault.retireStale(subjectId, pack);
            changed.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("fromPack", stalePack);
            details.put("toPack", pack);
            details.put("templates", Integer.toString(created.size()));
            details.put("templateIds", String.join(",", created));
            details.put("staleTemplatesDeleted", Long.toString(created.size() + superseded));
            audit.append(new AuditEvent(JOB, "biometric.template.rebuilt", subjectId.toString(), PurposeKind.IMAGE_RETENTION.name(),
                    AuditOutcome.OK, details));
            return new Tally(Result.REBUILT, created.size());
        });
    }

    private Tally flag(UUID subjectId, String pack, String stalePack, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> {
            subjects.lock(subjectId);
            if (vault.staleTemplates(subjectId, pack).isEmpty() || vault.currentCount(subjectId, pack) > 0) {
                return new Tally(Result.SKIPPED, 0); // enrolled, withdrew or was migrated meanwhile
            }
            vault.flagForReenrolment(subjectId, pack, stalePack, reason);
            audit.append(new AuditEvent(JOB, "biometric.reenrolment.flagged", subjectId.toString(), null, AuditOutcome.OK,
                    Map.of("reason", reason, "packId", pack, "stalePackId", stalePack)));
            return new Tally(Result.FLAGGED, 0);
        });
    }

    /** The subject already has templates of the current pack: the stale ones serve nothing any more. */
    private Tally supersede(UUID subjectId, String pack, int staleTemplates) {
        return QuarkusTransaction.requiringNew().call(() -> {
            subjects.lock(subjectId);
            long deleted = vault.retireStale(subjectId, pack);
            if (deleted == 0) {
                return new Tally(Result.SKIPPED, 0);
            }
            changed.fire(new BiometricsChanged(crypto.tenantId(), subjectId));
            audit.append(new AuditEvent(JOB, "biometric.template.superseded", subjectId.toString(), null, AuditOutcome.OK,
                    Map.of("packId", pack, "staleTemplatesDeleted", Long.toString(deleted))));
            return new Tally(Result.SUPERSEDED, 0);
        });
    }

    private boolean templateConsent(UUID subjectId) {
        return guard.anyTemplateConsent(subjectId);
    }

    private static RunReport finished(RunReport r, String error) {
        return new RunReport(r.packId(), r.startedAt(), Instant.now(), r.subjects(), r.rebuiltTemplates(), r.flaggedSubjects(),
                r.supersededSubjects(), r.skippedSubjects(), r.rebuildMillis(), r.millisPerRebuiltTemplate(), error);
    }
}
