package io.consentry.dataexport;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Minimal evidence of an export; the package itself is encrypted in the tenant bucket until it expires. */
@Entity
@Table(name = "data_export")
public class DataExport extends PanacheEntityBase {

    public enum RequestedBy { SUBJECT, ADMIN }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    @Column(name = "requested_by", nullable = false)
    public RequestedBy requestedBy;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "document_hash", nullable = false)
    public String documentHash;

    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;

    @Column(name = "key_id", nullable = false)
    public long keyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "erased_at")
    public Instant erasedAt;

    boolean available(Instant now) {
        return erasedAt == null && now.isBefore(expiresAt);
    }
}
