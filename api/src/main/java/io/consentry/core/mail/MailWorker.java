package io.consentry.core.mail;

import io.consentry.core.work.OutboxDrain;
import io.consentry.core.work.OutboxDrain.Attempt;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
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

    private final OutboxDrain drain;
    private final MailOutbox outbox;
    private final Mailer mailer;
    private final EntityManager em;

    MailWorker(OutboxDrain drain, MailOutbox outbox, Mailer mailer, EntityManager em) {
        this.drain = drain;
        this.outbox = outbox;
        this.mailer = mailer;
        this.em = em;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Enqueued event) {
        drain.soon(event.tenantId(), LOG, "Mail outbox", () -> runCurrentTenant(false));
    }

    @Scheduled(every = "${consentry.mail.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${consentry.outbox.initial-delay:10s}")
    void scheduled() {
        drain.sweep(LOG, "Mail outbox", () -> runCurrentTenant(false));
    }

    /** Sends the current tenant's due mails ({@code force}: ignore back-off), each at most once per run. */
    public RunResult runCurrentTenant(boolean force) {
        OutboxDrain.Tally tally = OutboxDrain.drain(BATCH, after -> attemptNext(after, force));
        return new RunResult(tally.done(), tally.failed(), outbox.pending());
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
