package io.consentry.core.mail;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A mail decided in a committed transaction and not yet accepted by the SMTP server; its content is ciphertext. */
@Entity
@Table(name = "mail_outbox")
public class MailOutboxEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false, unique = true)
    public UUID id;

    /** What the mail is (invitation, contact-code, notice, …): for operators, never the content. */
    @Column(nullable = false)
    public String kind;

    /** The {@link MailMessage} as JSON, encrypted with the tenant keyset and bound to {@link #id}. */
    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "key_id", nullable = false)
    public long keyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;
}
