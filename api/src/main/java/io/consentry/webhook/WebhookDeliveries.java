package io.consentry.webhook;

import io.consentry.core.persistence.Paging;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The delivery log (newest first, filtered by status, type and subscription) and the redelivery of dead letters. */
@ApplicationScoped
public class WebhookDeliveries {

    private final WebhookSubscriptions subscriptions;
    private final Event<WebhookOutbox.Enqueued> enqueued;
    private final io.consentry.core.security.CallerTenant caller;

    WebhookDeliveries(WebhookSubscriptions subscriptions, Event<WebhookOutbox.Enqueued> enqueued,
                      io.consentry.core.security.CallerTenant caller) {
        this.subscriptions = subscriptions;
        this.enqueued = enqueued;
        this.caller = caller;
    }

    @Transactional
    public List<DeliveryView> list(String status, String type, UUID subscription, int page, int size) {
        Paging.check(page, size, 200);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (status != null && !status.isBlank()) {
            try {
                params.put("status", WebhookDelivery.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ProblemCode.INVALID_PARAMETER, "status must be PENDING, DELIVERED or DEAD.");
            }
            where.add("status = :status");
        }
        if (type != null && !type.isBlank()) {
            if (EventType.find(type.strip()).isEmpty()) {
                throw new ApiException(ProblemCode.INVALID_PARAMETER, "type must be one of the platform's event types (e.g. io.consentry.decision.made).");
            }
            params.put("type", type.strip());
            where.add("eventType = :type");
        }
        if (subscription != null) {
            subscriptions.require(subscription);
            params.put("subscription", subscription);
            where.add("subscriptionId = :subscription");
        }
        String query = String.join(" and ", where);
        var found = query.isEmpty() ? WebhookDelivery.<WebhookDelivery>findAll(Sort.descending("seq"))
                : WebhookDelivery.<WebhookDelivery>find(query, Sort.descending("seq"), params);
        return found.page(Page.of(page, size)).list().stream().map(d -> DeliveryView.of(d, false, null)).toList();
    }

    /** One delivery with the event as sent and every attempt. */
    @Transactional
    public DeliveryView get(UUID id) {
        WebhookDelivery d = require(id);
        return DeliveryView.of(d, true, attempts(d));
    }

    /** A dead letter goes back to the outbox, due now, with a fresh allowance of attempts; audited. */
    @Transactional
    public DeliveryView redeliver(UUID id) {
        WebhookDelivery d = require(id);
        if (d.status != WebhookDelivery.Status.DEAD) {
            throw new ApiException(ProblemCode.WEBHOOK_DELIVERY_NOT_DEAD, "Delivery " + id + " is " + d.status + "; only a dead letter can be redelivered.");
        }
        WebhookSubscription s = subscriptions.require(d.subscriptionId);
        if (!s.active) {
            throw new ApiException(ProblemCode.WEBHOOK_SUBSCRIPTION_DISABLED, "The subscription of this delivery is disabled; enable it first.");
        }
        d.status = WebhookDelivery.Status.PENDING;
        d.attempts = 0;
        d.nextAttemptAt = Instant.now();
        subscriptions.audit("webhook.redelivered", s, Map.of("delivery", d.id.toString(), "eventId", d.eventId.toString()));
        enqueued.fire(new WebhookOutbox.Enqueued(caller.require().id));
        return DeliveryView.of(d, true, attempts(d));
    }

    private static List<DeliveryView.AttemptView> attempts(WebhookDelivery d) {
        return WebhookAttempt.<WebhookAttempt>list("deliverySeq = ?1 order by id", d.seq).stream()
                .map(a -> new DeliveryView.AttemptView(a.attempt, a.attemptedAt, a.durationMs, a.httpStatus, a.error)).toList();
    }

    private static WebhookDelivery require(UUID id) {
        WebhookDelivery d = WebhookDelivery.find("id", id).firstResult();
        if (d == null) {
            throw new ApiException(ProblemCode.WEBHOOK_DELIVERY_NOT_FOUND, "There is no webhook delivery " + id + " in this tenant.");
        }
        return d;
    }
}
