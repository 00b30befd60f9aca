package io.consentry.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.core.audit.AuditAppended;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox. Observes every audit append synchronously, inside the transaction of the change the entry
 * records: an event is written (one row per active subscription that wants its type) exactly when that change
 * commits, and vanishes with it when it rolls back. Nothing is written for a tenant without a matching subscription.
 * After the commit {@link Enqueued} wakes the {@link WebhookWorker}.
 */
@ApplicationScoped
class WebhookOutbox {

    /** Fired when rows were written; observed after a successful commit to deliver at once. */
    record Enqueued(UUID tenantId) {
    }

    private final CallerTenant caller;
    private final ObjectMapper json;
    private final Event<Enqueued> enqueued;

    WebhookOutbox(CallerTenant caller, ObjectMapper json, Event<Enqueued> enqueued) {
        this.caller = caller;
        this.json = json;
        this.enqueued = enqueued;
    }

    void onAudit(@Observes AuditAppended entry) {
        var event = WebhookEvents.of(entry);
        if (event.isEmpty()) {
            return;
        }
        Tenant tenant = caller.tenant().orElse(null);
        if (tenant == null) {
            return;
        }
        List<WebhookSubscription> subscribers = WebhookSubscription.<WebhookSubscription>list("active = true").stream()
                .filter(s -> s.wants(event.get().type())).toList();
        if (subscribers.isEmpty()) {
            return;
        }
        UUID eventId = UUID.randomUUID();
        String body = body(tenant, eventId, entry.occurredAt(), event.get());
        Instant now = Instant.now();
        for (WebhookSubscription s : subscribers) {
            WebhookDelivery d = new WebhookDelivery();
            d.id = UUID.randomUUID();
            d.subscriptionId = s.id;
            d.eventId = eventId;
            d.eventType = event.get().type().type();
            d.body = body;
            d.status = WebhookDelivery.Status.PENDING;
            d.createdAt = now;
            d.nextAttemptAt = now;
            d.persist();
        }
        enqueued.fire(new Enqueued(tenant.id));
    }

    /** A CloudEvents 1.0 event in structured JSON mode, as the contract fixes it. */
    private String body(Tenant tenant, UUID id, Instant when, WebhookEvents.Event event) {
        Map<String, Object> ce = new LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", id.toString());
        ce.put("source", "/tenants/" + tenant.slug);
        ce.put("type", event.type().type());
        ce.put("time", when.toString());
        ce.put("datacontenttype", "application/json");
        if (event.subject() != null) {
            ce.put("subject", event.subject());
        }
        ce.put("data", event.data());
        try {
            return json.writeValueAsString(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook event could not be written as JSON", e);
        }
    }
}
