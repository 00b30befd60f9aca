package io.consentry.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** One entry of the append-only consent history (UPDATE and DELETE are blocked by a trigger). */
@Entity
@Immutable
@Table(name = "consent_event")
public class ConsentEvent extends PanacheEntityBase {

    public enum Type { GRANTED, REFUSED, WITHDRAWN, EXPIRED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false, unique = true)
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "purpose_id", nullable = false)
    public UUID purposeId;

    @Column(name = "event", nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Type event;

    @Column(name = "notice_id", nullable = false)
    public UUID noticeId;

    @Column(name = "notice_hash", nullable = false)
    public String noticeHash;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(nullable = false)
    public String method;

    @Column(nullable = false)
    public String channel;

    @Column(name = "receipt_id")
    public UUID receiptId;
}
