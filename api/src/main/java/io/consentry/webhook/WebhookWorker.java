package io.consentry.webhook;

import io.consentry.core.security.CallerTenant;
import io.consentry.core.work.OutboxDrain;
import io.consentry.core.work.OutboxDrain.Attempt;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the webhook outbox. Every replica runs it: right after the transaction that wrote rows commits
 * ({@link WebhookOutbox.Enqueued}, observed AFTER_SUCCESS), when a retry falls due (a timer set at the failure), and
 * on a schedule over every live tenant as the fallback (a crash, a missed wake). A row is claimed with {@code FOR UPDATE
 * SKIP LOCKED} in a transaction of its own and marked in that transaction, so two replicas never send the same row at
 * the same time (a crash after the receiver's 2xx and before the commit sends it again: receivers de-duplicate by
 * event id). Rows are taken in the order they were written, one at a time per tenant and replica: per subscription the
 * order of creation holds while deliveries succeed; a retried row is overtaken by later ones. Logs name the delivery
 * and the error, never the body or the secret.
 */
@ApplicationScoped
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class);
    private static final int BATCH = 200;

    private static final String CLAIM = """
            SELECT * FROM webhook_delivery d
             WHERE d.seq > ?1 AND d.status = 'PENDING' AND d.next_attempt_at <= ?2
             ORDER BY d.seq LIMIT 1
               FOR UPDATE SKIP LOCKED""";

    /** How many deliveries a run performed and how many failed. */
    public record RunResult(int delivered, int failed) {
    }

    private final OutboxDrain drain;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final WebhookBackoff backoff;
    private final WebhookMetrics metrics;
    private final CallerTenant caller;
    private final EntityManager em;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-retry-timer");
        t.setDaemon(true);
        return t;
    });

    WebhookWorker(OutboxDrain drain, WebhookSender sender, WebhookSecrets secrets, WebhookBackoff backoff,
                  WebhookMetrics metrics, CallerTenant caller, EntityManager em) {
        this.drain = drain;
        this.sender = sender;
        this.secrets = secrets;
        this.backoff = backoff;
        this.metrics = metrics;
        this.caller = caller;
        this.em = em;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookOutbox.Enqueued event) {
        wake(event.tenantId());
    }

    /** Delivers the tenant's due rows now, on a delivery thread. */
    void wake(UUID tenantId) {
        drain.soon(tenantId, LOG, "Webhook outbox", this::runCurrentTenant);
    }

    @Scheduled(every = "${consentry.webhooks.interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${consentry.outbox.initial-delay:10s}")
    void scheduled() {
        drain.sweep(LOG, "Webhook outbox", this::runCurrentTenant);
    }

    /** Sends the current tenant's due deliveries, each at most once per run. */
    public RunResult runCurrentTenant() {
        OutboxDrain.Tally tally = OutboxDrain.drain(BATCH, this::attemptNext);
        return new RunResult(tally.done(), tally.failed());
    }

    private Attempt attemptNext(long after) {
        @SuppressWarnings("unchecked")
        List<WebhookDelivery> claimed = em.createNativeQuery(CLAIM, WebhookDelivery.class)
                .setParameter(1, after).setParameter(2, Instant.now()).getResultList();
        if (claimed.isEmpty()) {
            return null;
        }
        WebhookDelivery d = claimed.get(0);
        WebhookSubscription s = WebhookSubscription.findById(d.subscriptionId);
        if (s == null || !s.active) {
            // Disabled meanwhile: kept as a dead letter, to be redelivered once the subscription is enabled again.
            d.status = WebhookDelivery.Status.DEAD;
            d.lastError = "Subscription disabled before delivery";
            metrics.dead();
            return new Attempt(d.seq, false);
        }
        Instant now = Instant.now();
        WebhookSender.Result result = sender.post(s.url, d.eventId.toString(), d.body, secrets.signing(s, now));
        metrics.attempt(result.took());
        record(d, result, now);
        if (result.accepted()) {
            d.status = WebhookDelivery.Status.DELIVERED;
            d.deliveredAt = Instant.now();
            metrics.delivered(Duration.between(d.createdAt, d.deliveredAt));
            return new Attempt(d.seq, true);
        }
        if (d.attempts >= backoff.maxAttempts()) {
            d.status = WebhookDelivery.Status.DEAD;
            metrics.dead();
            LOG.warnf("Webhook delivery %s dead-lettered after %d attempts: %s", d.id, d.attempts, d.lastError);
        } else {
            Duration wait = backoff.after(d.attempts);
            d.nextAttemptAt = Instant.now().plus(wait);
            metrics.failed();
            retryIn(wait);
            LOG.debugf("Webhook delivery %s failed (attempt %d), retry in %d ms: %s", d.id, d.attempts, wait.toMillis(), d.lastError);
        }
        return new Attempt(d.seq, false);
    }

    private static void record(WebhookDelivery d, WebhookSender.Result result, Instant at) {
        d.attempts++;
        d.lastStatus = result.status();
        d.lastError = result.error();
        WebhookAttempt a = new WebhookAttempt();
        a.deliverySeq = d.seq;
        a.attempt = (int) WebhookAttempt.count("deliverySeq", d.seq) + 1;
        a.attemptedAt = at;
        a.durationMs = (int) Math.min(Integer.MAX_VALUE, result.took().toMillis());
        a.httpStatus = result.status();
        a.error = result.error();
        a.persist();
    }

    /** Wakes this tenant's outbox when the retry falls due, so a retry does not wait for the next scheduled sweep. */
    private void retryIn(Duration wait) {
        UUID tenantId = caller.require().id;
        timers.schedule(() -> wake(tenantId), wait.toMillis() + 5, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
