package io.consentry.core.mail;

import io.consentry.core.work.BackgroundExecutor;
import io.consentry.core.work.TenantWork;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sends the mail outbox over SMTP: right after the deciding transaction commits, and on a schedule for whatever failed
 * (exponential back-off up to ten minutes). Every replica runs it; an entry is claimed with {@code FOR UPDATE SKIP
 * LOCKED} in a transaction of its own and deleted in that transaction once the server accepted it, so no mail is sent
 * by two replicas at once. (A crash between the server's acceptance and the commit sends it again: a subject may get
 * a notice twice, never not at all.) Logs name the kind of mail and the error, never the recipient or the content.
 */
@ApplicationScoped
public class MailWorker {

    private static final Logger LOG = Logger.getLogger(MailWorker.class);
    private static final int BATCH = 50;

    private static final String CLAIM = """
            SELECT * FROM mail_outbox o
             WHERE o.seq > ?1 AND (?2 OR o.next_attempt_at <= ?3)
             ORDER BY o.seq LIMIT 1
               FOR UPDATE SKIP LOCKED""";

    /** Fired when a mail is queued; observed after commit to send it at once. */
    public record Enqueued(UUID tenantId) {
    }

    public record RunResult(int sent, int failed, long pending) {
    }

    private record Attempt(long seq, boolean sent) {
    }

    private final TenantWork work;
    private final MailOutbox outbox;
    private final Mailer mailer;
    private final BackgroundExecutor executor;
    private final EntityManager em;

    MailWorker(TenantWork work, MailOutbox outbox, Mailer mailer, BackgroundExecutor executor, EntityManager em) {
        this.work = work;
        this.outbox = outbox;
        this.mailer = mailer;
        this.executor = executor;
        this.em = em;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Enqueued event) {
        executor.execute(() -> {
            try {
                work.as(event.tenantId(), () -> runCurrentTenant(false));
            } catch (RuntimeException e) {
                LOG.warnf("Mail outbox run for tenant %s failed: %s", event.tenantId(), e.getMessage());
            }
        });
    }

    @Scheduled(every = "${consentry.mail.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${consentry.outbox.initial-delay:10s}")
    void scheduled() {
        for (var tenant : work.liveTenants()) {
            try {
                work.as(tenant, () -> runCurrentTenant(false));
            } catch (RuntimeException e) {
                LOG.warnf("Mail outbox run for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }

    /** Sends the current tenant's due mails ({@code force}: ignore back-off), each at most once per run. */
    public RunResult runCurrentTenant(boolean force) {
        int sent = 0;
        int failed = 0;
        long after = 0;
        while (sent + failed < BATCH) {
            long from = after;
            Attempt attempt = QuarkusTransaction.requiringNew().call(() -> attemptNext(from, force));
            if (attempt == null) {
                break;
            }
            after = attempt.seq();
            if (attempt.sent()) {
                sent++;
            } else {
                failed++;
            }
        }
        return new RunResult(sent, failed, outbox.pending());
    }

    private Attempt attemptNext(long after, boolean force) {
        @SuppressWarnings("unchecked")
        List<MailOutboxEntry> claimed = em.createNativeQuery(CLAIM, MailOutboxEntry.class)
                .setParameter(1, after).setParameter(2, force).setParameter(3, Instant.now())
                .getResultList();
        if (claimed.isEmpty()) {
            return null;
        }
        MailOutboxEntry entry = claimed.get(0);
        try {
            MailMessage message = outbox.open(entry);
            Mail mail = Mail.withText(message.to(), message.subject(), message.text());
            for (MailMessage.Attachment a : message.attachments()) {
                mail.addAttachment(a.name(), a.content(), a.contentType());
            }
            mailer.send(mail);
            entry.delete();
            return new Attempt(entry.seq, true);
        } catch (Exception e) {
            failed(entry, e);
            return new Attempt(entry.seq, false);
        }
    }

    private static void failed(MailOutboxEntry entry, Exception e) {
        entry.attempts++;
        // An SMTP error may quote the recipient; addresses stay out of the log and the table.
        String message = (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("[^\\s<>@:]+@[^\\s<>]+", "<address>");
        entry.lastError = message.length() > 500 ? message.substring(0, 500) : message;
        long backoff = Math.min(600, 1L << Math.min(entry.attempts + 1, 10));
        entry.nextAttemptAt = Instant.now().plus(Duration.ofSeconds(backoff));
        LOG.warnf("Mail outbox: a %s mail was not accepted (attempt %d), retry in %d s: %s", entry.kind, entry.attempts,
                backoff, entry.lastError);
    }
}
