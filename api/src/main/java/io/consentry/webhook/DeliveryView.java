package io.consentry.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One delivery in the log; {@code attempts} lists each try when one delivery is read, not in the list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(UUID id, UUID subscriptionId, UUID eventId, String eventType, String status, int attemptCount,
                           Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Integer lastStatus,
                           String lastError, String event, List<AttemptView> attempts) {

    public record AttemptView(int attempt, Instant at, int durationMs, Integer httpStatus, String error) {
    }

    static DeliveryView of(WebhookDelivery d, boolean withEvent, List<AttemptView> attempts) {
        return new DeliveryView(d.id, d.subscriptionId, d.eventId, d.eventType, d.status.name(), d.attempts, d.createdAt,
                d.status == WebhookDelivery.Status.PENDING ? d.nextAttemptAt : null, d.deliveredAt, d.lastStatus, d.lastError,
                withEvent ? d.body : null, attempts);
    }
}
