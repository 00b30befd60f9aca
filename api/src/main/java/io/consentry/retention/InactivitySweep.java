package io.consentry.retention;

import io.consentry.biometric.TemplateVault;
import io.consentry.consent.BiometricsChanged;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.work.TenantWork;
import io.consentry.notification.SubjectNotices;
import io.consentry.subject.SubjectDirectory;
import io.consentry.tenants.registry.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The last-interaction clock's sweep: deletes the face templates and kept photos of subjects who were neither enrolled
 * nor let in by their face for {@code consentry.retention.inactive-after-days}, through the vault's own deletion (the
 * one withdrawal and erasure use), tells each subject by mail and records it in the audit log (action
 * {@value #ACTION}), which the retention report reads. Consents are left as they are: they end by their own retention.
 * <p>
 * Daily on every replica; each subject is handled under its lock and checked again there, so a second replica (or a
 * second run) finds nothing left to do. Tenants are swept one by one: one failing does not stop the others.
 */
@ApplicationScoped
public class InactivitySweep {

    public static final String ACTION = "retention.inactive-deleted";
    private static final Logger LOG = Logger.getLogger(InactivitySweep.class);
    private static final Actor JOB = Actor.system("retention-sweep");
    private static final int BATCH = 100;

    private final TenantWork work;
    private final TemplateVault vault;
    private final SubjectDirectory subjects;
    private final SubjectNotices notices;
    private final AuditTrail audit;
    private final Event<BiometricsChanged> changed;
    private final RetentionSchedule schedule;

    InactivitySweep(TenantWork work, TemplateVault vault, SubjectDirectory subjects, SubjectNotices notices, AuditTrail audit,
                    Event<BiometricsChanged> changed, RetentionSchedule schedule) {
        this.work = work;
        this.vault = vault;
        this.subjects = subjects;
        this.notices = notices;
        this.audit = audit;
        this.changed = changed;
        this.schedule = schedule;
    }

    @Scheduled(cron = "${consentry.retention.sweep-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        sweepAll(Instant.now());
    }

    /** Per tenant slug: how many subjects lost their face data, or -1 when the tenant's sweep failed. */
    public Map<String, Integer> sweepAll(Instant now) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Tenant tenant : work.liveTenants()) {
            try {
                int deleted = work.as(tenant, () -> sweep(now));
                out.put(tenant.slug, deleted);
                if (deleted > 0) {
                    LOG.infof("Deleted the idle face data of %d subjects of tenant %s", deleted, tenant.slug);
                }
            } catch (RuntimeException e) {
                out.put(tenant.slug, -1);
                LOG.warnf("Retention sweep for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
        return out;
    }

    /** Sweeps the current tenant as of {@code now}; returns how many subjects lost their face data. */
    public int sweep(Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(schedule.inactiveAfterDays()));
        // Subjects already handled in this run whose data is still listed (a failure, or found in use under the lock)
        // are skipped, so the loop always ends.
        Set<UUID> passed = new HashSet<>();
        int total = 0;
        while (true) {
            List<TemplateVault.Idle> idle = vault.idleSince(cutoff, BATCH + passed.size()).stream()
                    .filter(i -> !passed.contains(i.subjectId())).toList();
            if (idle.isEmpty()) {
                return total;
            }
            for (TemplateVault.Idle one : idle) {
                try {
                    if (QuarkusTransaction.requiringNew().call(() -> deleteOne(one, cutoff, now))) {
                        total++;
                    } else {
                        passed.add(one.subjectId());
                    }
                } catch (RuntimeException e) {
                    passed.add(one.subjectId());
                    LOG.warnf("Idle face data of subject %s could not be deleted: %s", one.subjectId(), e.getMessage());
                }
            }
        }
    }

    private boolean deleteOne(TemplateVault.Idle idle, Instant cutoff, Instant now) {
        UUID subject = idle.subjectId();
        subjects.lock(subject);
        if (!vault.stillIdle(subject, cutoff)) {
            return false; // used meanwhile, or another replica got there first
        }
        long templates = vault.count(subject);
        long photos = vault.retainedImages(subject);
        vault.deleteAll(subject);
        changed.fire(new BiometricsChanged(vault.tenantIdForEvents(), subject));
        String noticeTo = notices.faceDataDeletedForInactivity(subject, idle.lastInteractionAt(), schedule.inactiveAfterDays(),
                templates, photos, now);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("templatesDeleted", Long.toString(templates));
        details.put("imagesDeleted", Long.toString(photos));
        details.put("method", "inactivity");
        details.put("lastInteraction", idle.lastInteractionAt().toString());
        details.put("lastInteractionKind", idle.lastInteraction());
        details.put("inactiveAfterDays", Integer.toString(schedule.inactiveAfterDays()));
        details.put("noticeTo", noticeTo);
        audit.append(new AuditEvent(JOB, ACTION, subject.toString(), null, AuditOutcome.OK, details));
        return true;
    }
}
