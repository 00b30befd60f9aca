package io.consentry.receipt;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Minimal evidence of an issued receipt; the signed document itself is encrypted in the tenant bucket. */
@Entity
@Table(name = "receipt")
public class ReceiptRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "document_hash", nullable = false)
    public String documentHash;

    @Column(name = "key_id", nullable = false)
    public long keyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "erased_at")
    public Instant erasedAt;
}
