package io.consentry.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One receiver of a tenant: where to POST, which event types, and the (encrypted) secret that signs deliveries. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 2000)
    public String url;

    @Column(length = 500)
    public String description;

    /** The subscribed CloudEvent types, comma-separated (a short closed set; see {@link EventType}). */
    @Column(name = "event_types", nullable = false, length = 1000)
    public String eventTypes;

    @Column(nullable = false)
    public boolean active;

    /** The current secret, encrypted with the tenant keyset and bound to this row and slot. */
    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "secret_key_id", nullable = false)
    public long secretKeyId;

    /** The secret before the last rotation; it still signs until {@link #previousUntil}. */
    @Column(name = "previous_secret")
    public byte[] previousSecret;

    @Column(name = "previous_key_id")
    public Long previousKeyId;

    @Column(name = "previous_until")
    public Instant previousUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    List<EventType> types() {
        return Arrays.stream(eventTypes.split(",")).filter(s -> !s.isBlank()).map(EventType::of).toList();
    }

    boolean wants(EventType type) {
        return active && types().contains(type);
    }
}
