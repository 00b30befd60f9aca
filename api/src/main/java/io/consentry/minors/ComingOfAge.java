package io.consentry.minors;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.work.TenantWork;
import io.consentry.guardianship.Guardianship;
import io.consentry.portal.Invitations;
import io.consentry.subject.SubjectDirectory;
import io.consentry.subject.SubjectRef;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Once a day, subjects whose birth date shows they reached the age of consent are invited (by mail) to decide for
 * themselves. Nothing about their consents changes: the grants their guardian gave stay in force until the subject
 * changes them; from that day the consent service accepts decisions from the subject and refuses them from the
 * guardian, because it checks the age at each decision. A subject without a contact address is recorded as come of age
 * without a mail (the admin sees it in the audit and can set a contact and invite them).
 */
@ApplicationScoped
public class ComingOfAge {

    private static final Logger LOG = Logger.getLogger(ComingOfAge.class);
    private static final Actor JOB = Actor.system("coming-of-age");

    private final TenantWork work;
    private final SubjectDirectory subjects;
    private final Guardianship guardianship;
    private final Invitations invitations;
    private final AuditTrail audit;
    private final Clock clock;

    ComingOfAge(TenantWork work, SubjectDirectory subjects, Guardianship guardianship, Invitations invitations, AuditTrail audit) {
        this.work = work;
        this.subjects = subjects;
        this.guardianship = guardianship;
        this.invitations = invitations;
        this.audit = audit;
        this.clock = Clock.systemDefaultZone();
    }

    @Scheduled(cron = "${consentry.minors.coming-of-age-cron:0 15 2 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        LocalDate today = LocalDate.now(clock);
        for (var tenant : work.liveTenants()) {
            try {
                int told = work.as(tenant, () -> run(today));
                if (told > 0) {
                    LOG.infof("%d subjects of tenant %s came of age", told, tenant.slug);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Coming-of-age check for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }

    /** Handles every subject of the current tenant who reached the age of consent by {@code today}; returns how many. */
    public int run(LocalDate today) {
        int total = 0;
        List<SubjectRef> due;
        while (!(due = subjects.comingOfAge(today, 100)).isEmpty()) {
            for (SubjectRef s : due) {
                comeOfAge(s);
                total++;
            }
        }
        return total;
    }

    @Transactional
    void comeOfAge(SubjectRef s) {
        // Every replica runs this job: the mark is taken under the subject's lock, so only one of them mails.
        if (!subjects.markCameOfAge(s.id(), Instant.now(clock))) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("guardiansNoLongerDeciding", Integer.toString(guardianship.guardiansOf(s.id()).size()));
        if (subjects.contactOf(s.id()).isPresent()) {
            Invitations.Invitation invitation = invitations.invite(s.id(), JOB, null, Invitations.Channel.EMAIL,
                    Invitations.Occasion.CAME_OF_AGE);
            details.put("invitationId", invitation.id().toString());
            details.put("invitedAt", invitation.sentTo());
        } else {
            // No contact address: the subject is of age all the same; the admin invites them once an address is known.
            details.put("invitation", "none: no contact address");
        }
        audit.append(new AuditEvent(JOB, "subject.came-of-age", s.id().toString(), null, AuditOutcome.OK, details));
    }
}
