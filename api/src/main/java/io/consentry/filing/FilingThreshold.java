package io.consentry.filing;

import io.consentry.biometric.TemplateInventory;
import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.mail.MailMessage;
import io.consentry.core.mail.MailOutbox;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.realm.TenantRealms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Counts the people whose face data the current tenant holds and, when the count reaches the filing threshold
 * ({@code consentry.filing.threshold}, default 100,000), raises the alert exactly once per crossing: a dated audit entry,
 * a mail to each tenant admin with a verified address, and the flag the console's banner and the operator's view show.
 * A crossing ends when the count falls below the threshold again; a later rise is a new crossing.
 */
@ApplicationScoped
public class FilingThreshold {

    private static final Logger LOG = Logger.getLogger(FilingThreshold.class);
    private static final Actor JOB = Actor.system("filing-threshold");

    private final TemplateInventory inventory;
    private final AuditTrail audit;
    private final MailOutbox mail;
    private final TenantRealms realms;
    private final CallerTenant caller;
    private final EntityManager em;
    private final long threshold;

    FilingThreshold(TemplateInventory inventory, AuditTrail audit, MailOutbox mail, TenantRealms realms, CallerTenant caller,
                    EntityManager em, @ConfigProperty(name = "consentry.filing.threshold", defaultValue = "100000") long threshold) {
        this.inventory = inventory;
        this.audit = audit;
        this.mail = mail;
        this.realms = realms;
        this.caller = caller;
        this.em = em;
        if (threshold < 1) {
            throw new IllegalArgumentException("consentry.filing.threshold must be at least 1, not " + threshold);
        }
        this.threshold = threshold;
    }

    public long threshold() {
        return threshold;
    }

    /** The current tenant's standing, without raising anything. */
    @Transactional
    public FilingStatus status() {
        Tenant tenant = caller.require();
        FilingAlert open = open();
        long people = inventory.peopleWithFaceData();
        // By the count itself, so the banner and the operator see a crossing even before the next check records it.
        return new FilingStatus(tenant.slug, tenant.displayName, people, threshold, people >= threshold,
                open == null ? null : open.crossedAt);
    }

    /** Counts and raises or ends the alert for the current tenant; cheap enough to run after every enrolment. */
    public FilingStatus check() {
        long people = inventory.peopleWithFaceData();
        FilingAlert open = openNow();
        if (people >= threshold && open == null) {
            raise(people, adminAddresses());
        } else if (people < threshold && open != null) {
            end(open.id, people);
        }
        return status();
    }

    @Transactional
    FilingAlert openNow() {
        return open();
    }

    private FilingAlert open() {
        return FilingAlert.<FilingAlert>find("threshold = ?1 and clearedAt is null", threshold).firstResultOptional().orElse(null);
    }

    /** Writes the crossing; only the one writer whose insert wins (replicas, concurrent enrolments) alerts. */
    @Transactional
    void raise(long people, List<String> admins) {
        Instant now = Instant.now();
        int inserted = em.createNativeQuery("INSERT INTO filing_alert (id, threshold, people, crossed_at) VALUES (?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (threshold) WHERE cleared_at IS NULL DO NOTHING")
                .setParameter(1, UUID.randomUUID()).setParameter(2, threshold).setParameter(3, people).setParameter(4, now)
                .executeUpdate();
        if (inserted == 0) {
            return;
        }
        Tenant tenant = caller.require();
        LocalDate date = now.atZone(ZoneOffset.UTC).toLocalDate();
        audit.append(new AuditEvent(JOB, "filing.threshold-crossed", null, null, AuditOutcome.OK,
                Map.of("people", Long.toString(people), "threshold", Long.toString(threshold), "date", date.toString(),
                        "adminsMailed", Integer.toString(admins.size()))));
        for (String to : admins) {
            mail.queue(new MailMessage(to, "Filing threshold reached / 人脸信息处理达到备案数量: " + tenant.displayName,
                    text(tenant, people, date), List.of()), "filing-threshold");
        }
        LOG.warnf("Tenant %s holds face data of %d people, at or above the filing threshold of %d: it must file with the authority",
                tenant.slug, people, threshold);
    }

    @Transactional
    void end(UUID alertId, long people) {
        int cleared = em.createNativeQuery("UPDATE filing_alert SET cleared_at = ?2 WHERE id = ?1 AND cleared_at IS NULL")
                .setParameter(1, alertId).setParameter(2, Instant.now()).executeUpdate();
        if (cleared == 1) {
            audit.append(new AuditEvent(JOB, "filing.threshold-cleared", null, null, AuditOutcome.OK,
                    Map.of("people", Long.toString(people), "threshold", Long.toString(threshold))));
        }
    }

    /** Best effort: an unreachable identity provider must not stop the alert, which the console and operator show anyway. */
    private List<String> adminAddresses() {
        try {
            return realms.adminEmails(caller.require());
        } catch (RuntimeException e) {
            LOG.warnf("The tenant admins of %s could not be looked up for the filing alert: %s", caller.require().slug, e.getMessage());
            return List.of();
        }
    }

    private String text(Tenant tenant, long people, LocalDate date) {
        return "On " + date + " " + tenant.displayName + " held face data (templates or kept enrolment photos) of " + people
                + " people, at or above the filing threshold of " + threshold + ".\n"
                + "The processing of face data of this many people must be filed with the competent cyberspace authority.\n"
                + "The console's dashboard shows the current count.\n\n"
                + date + "，" + tenant.displayName + " 持有 " + people + " 人的人脸信息（模板或保存的登记照片），已达到 "
                + threshold + " 人的备案数量。\n请依法向所在地网信部门办理备案。控制台首页显示当前人数。\n";
    }
}
