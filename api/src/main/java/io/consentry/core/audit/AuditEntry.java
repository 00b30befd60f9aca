package io.consentry.core.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored audit entry. Insert-only: the database refuses UPDATE and DELETE. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public long seq;

    @Column(nullable = false, unique = true)
    public UUID id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_type", nullable = false)
    public ActorType actorType;

    @Column(name = "actor_id", nullable = false)
    public String actorId;

    @Column(nullable = false)
    public String action;

    @Column(name = "subject_ref")
    public String subjectRef;

    public String purpose;

    @Column(nullable = false)
    public String outcome;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> details;

    @Column(name = "prev_hash", nullable = false)
    public byte[] prevHash;

    @Column(name = "entry_hash", nullable = false)
    public byte[] entryHash;
}
