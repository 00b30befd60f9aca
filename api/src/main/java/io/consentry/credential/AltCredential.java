package io.consentry.credential;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A non-biometric credential of a subject. Secrets are never stored in the clear: PINs as a slow hash, one-time QR
 * tokens as SHA-256 (they carry 256 random bits), TOTP secrets encrypted with the tenant keyset.
 */
@Entity
@Table(name = "alt_credential")
public class AltCredential extends PanacheEntityBase {

    public enum Status { ACTIVE, REVOKED, USED }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public CredentialKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(length = 200)
    public String label;

    @Column(name = "pin_hash", length = 300)
    public String pinHash;

    @Column(name = "token_hash", length = 64)
    public String tokenHash;

    @Column(name = "totp_secret")
    public byte[] totpSecret;

    @Column(name = "totp_last_step")
    public Long totpLastStep;

    @Column(name = "card_id", length = 200)
    public String cardId;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** How many times it locked since it last opened: each lockout lasts twice as long as the one before. */
    @Column(nullable = false)
    public int lockouts;

    @Column(name = "totp_key_id")
    public Long totpKeyId;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
