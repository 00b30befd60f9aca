package io.consentry.portal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An invitation, a portal session or a personal link. Only the SHA-256 of the token is kept. */
@Entity
@Table(name = "portal_token")
public class PortalToken extends PanacheEntityBase {

    public enum Kind { INVITATION, SESSION, PERSONAL }

    /**
     * How an invitation travels (EMAIL: its link is mailed to the subject; LETTER: printed or shown in person, redeemed
     * with a code mailed to the subject), and how a session was opened (EMAIL_LINK, LETTER_CODE). Null for personal links.
     */
    public enum Channel { EMAIL, LETTER, EMAIL_LINK, LETTER_CODE }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Enumerated(EnumType.STRING)
    @Column
    public Channel channel;

    /** Where the invitation link or the last contact code was mailed. */
    @Column(name = "sent_to")
    public String sentTo;

    @Column(name = "contact_code_hash")
    public byte[] contactCodeHash;

    @Column(name = "contact_code_expires_at")
    public Instant contactCodeExpiresAt;

    @Column(name = "contact_code_sends", nullable = false)
    public int contactCodeSends;

    @Column(name = "contact_code_failures", nullable = false)
    public int contactCodeFailures;

    /** The raw token right after it was made (never stored): handed to whoever may hold it, once. */
    @jakarta.persistence.Transient
    transient String raw;
}
