package io.consentry.staff;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A one-time setup link of a staff account; only the SHA-256 of its token is kept. */
@Entity
@Table(name = "staff_setup_token")
class StaffSetupToken extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The account's id in the tenant's realm. */
    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** Set when a newer link for the same account was issued: only the newest one works. */
    @Column(name = "replaced_at")
    public Instant replacedAt;
}
