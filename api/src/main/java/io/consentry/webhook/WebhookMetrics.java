package io.consentry.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Delivery metrics. No tenant label: the number of tenants is not bounded by configuration, and a per-tenant series per
 * outcome would grow with it; the per-tenant picture is the delivery log ({@code GET …/webhooks/deliveries}).
 */
@ApplicationScoped
class WebhookMetrics {

    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private final Timer latency;
    private final Timer attempt;

    WebhookMetrics(MeterRegistry meters) {
        delivered = Counter.builder("consentry.webhook.deliveries").tag("outcome", "delivered")
                .description("Webhook deliveries a receiver accepted (2xx)").register(meters);
        failed = Counter.builder("consentry.webhook.deliveries").tag("outcome", "failed")
                .description("Webhook delivery attempts that failed and will be retried").register(meters);
        dead = Counter.builder("consentry.webhook.deliveries").tag("outcome", "dead")
                .description("Webhook deliveries dead-lettered after the last attempt").register(meters);
        latency = Timer.builder("consentry.webhook.delivery.latency")
                .description("From the committed event to the receiver's 2xx").publishPercentileHistogram().register(meters);
        attempt = Timer.builder("consentry.webhook.attempt.duration")
                .description("One HTTP attempt, connection to answer").register(meters);
    }

    void delivered(Duration sinceEvent) {
        delivered.increment();
        latency.record(sinceEvent);
    }

    void failed() {
        failed.increment();
    }

    void dead() {
        dead.increment();
    }

    void attempt(Duration took) {
        attempt.record(took);
    }
}
