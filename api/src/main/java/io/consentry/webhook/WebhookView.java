package io.consentry.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription as admins and auditors see it. {@code secret} is present only in the answer that created or rotated
 * it; {@code previousSecretValidUntil} says until when the secret before a rotation still signs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(UUID id, String url, String description, List<String> eventTypes, boolean active,
                          Instant previousSecretValidUntil, Instant createdAt, Instant updatedAt, String secret) {

    static WebhookView of(WebhookSubscription s, Instant now) {
        Instant previous = s.previousUntil != null && now.isBefore(s.previousUntil) ? s.previousUntil : null;
        return new WebhookView(s.id, s.url, s.description, s.types().stream().map(EventType::type).toList(), s.active,
                previous, s.createdAt, s.updatedAt, null);
    }

    WebhookView withSecret(String secret) {
        return new WebhookView(id, url, description, eventTypes, active, previousSecretValidUntil, createdAt, updatedAt, secret);
    }
}
