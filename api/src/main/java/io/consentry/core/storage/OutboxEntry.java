package io.consentry.core.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A bucket write or delete decided in a committed transaction and not yet done in S3. */
@Entity
@Table(name = "storage_outbox")
public class OutboxEntry extends PanacheEntityBase {

    public static final String PUT = "PUT";
    public static final String DELETE = "DELETE";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false)
    public String operation;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    /** Already encrypted bytes of a PUT. */
    @Column
    public byte[] payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;
}
