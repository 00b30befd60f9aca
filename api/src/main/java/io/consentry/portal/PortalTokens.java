package io.consentry.portal;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and checks the subject's tokens: 256 random bits, base64url, stored as SHA-256 only (a database leak gives
 * no usable token). Invitations are single-use and expire; redeeming one opens a short portal session. The personal
 * link is long-lived and revocable; issuing a new one revokes the previous one. A LETTER invitation also holds its
 * one-time contact code (six digits, SHA-256 only, short-lived, a few tries).
 */
@ApplicationScoped
public class PortalTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigProperty(name = "consentry.portal.invitation-ttl", defaultValue = "P7D")
    Duration invitationTtl;
    @ConfigProperty(name = "consentry.portal.session-ttl", defaultValue = "PT2H")
    Duration sessionTtl;
    @ConfigProperty(name = "consentry.portal.personal-link-ttl", defaultValue = "P730D")
    Duration personalTtl;
    @ConfigProperty(name = "consentry.portal.contact-code-ttl", defaultValue = "PT15M")
    Duration contactCodeTtl;

    public record Issued(UUID id, String token, Instant expiresAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Issued issueInvitation(UUID subjectId, String createdBy, Duration ttl, PortalToken.Channel channel, String sentTo) {
        PortalToken token = create(subjectId, PortalToken.Kind.INVITATION, createdBy, ttl == null ? invitationTtl : ttl);
        token.channel = channel;
        token.sentTo = sentTo;
        return new Issued(token.id, token.raw, token.expiresAt);
    }

    /**
     * The open invitation behind a raw token, locked until the caller's transaction ends; every reason it cannot be
     * redeemed is a 401 naming it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PortalToken openInvitation(String invitation) {
        PortalToken token = lookup(invitation, true).filter(t -> t.kind == PortalToken.Kind.INVITATION).orElseThrow(() ->
                new ApiException(ProblemCode.INVITATION_INVALID, io.consentry.core.security.PortalTokenVerifier.INVALID_INVITATION));
        if (token.revokedAt != null) {
            throw new ApiException(ProblemCode.INVITATION_REVOKED, "This invitation was revoked; ask for a new one.");
        }
        if (token.redeemedAt != null) {
            throw new ApiException(ProblemCode.INVITATION_USED, "This invitation was already used; use your personal link or ask for a new invitation.");
        }
        if (!token.expiresAt.isAfter(Instant.now())) {
            throw new ApiException(ProblemCode.INVITATION_EXPIRED, "This invitation has expired; ask for a new one.");
        }
        return token;
    }

    /** Marks the invitation used and opens a session that remembers how the subject proved it was them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Issued redeem(PortalToken invitation, PortalToken.Channel sessionChannel) {
        invitation.redeemedAt = Instant.now();
        invitation.contactCodeHash = null;
        PortalToken session = create(invitation.subjectId, PortalToken.Kind.SESSION, "invitation:" + invitation.id, sessionTtl);
        session.channel = sessionChannel;
        return new Issued(session.id, session.raw, session.expiresAt);
    }

    /** A new six-digit contact code for a letter, replacing any earlier one; returns the code (to be mailed, never shown). */
    @Transactional(Transactional.TxType.MANDATORY)
    public String newContactCode(PortalToken invitation, String sentTo) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        invitation.contactCodeHash = hash(invitation.id + ":" + code);
        invitation.contactCodeExpiresAt = Instant.now().plus(contactCodeTtl);
        invitation.contactCodeSends++;
        invitation.sentTo = sentTo;
        return code;
    }

    /** Whether {@code code} is the letter's current, unexpired contact code (constant-time comparison). */
    public boolean contactCodeMatches(PortalToken invitation, String code) {
        if (invitation.contactCodeHash == null || invitation.contactCodeExpiresAt == null
                || !invitation.contactCodeExpiresAt.isAfter(Instant.now()) || code == null) {
            return false;
        }
        return MessageDigest.isEqual(invitation.contactCodeHash, hash(invitation.id + ":" + code.strip()));
    }

    /** Revokes any earlier personal link of the subject and issues a new one. */
    @Transactional
    public Issued issuePersonalLink(UUID subjectId) {
        revokePersonalLinks(subjectId);
        PortalToken token = create(subjectId, PortalToken.Kind.PERSONAL, "subject", personalTtl);
        return new Issued(token.id, token.raw, token.expiresAt);
    }

    @Transactional
    public boolean hasPersonalLink(UUID subjectId) {
        return PortalToken.count("subjectId = ?1 and kind = ?2 and revokedAt is null", subjectId, PortalToken.Kind.PERSONAL) > 0;
    }

    @Transactional
    public int revokePersonalLinks(UUID subjectId) {
        return PortalToken.update("revokedAt = ?1 where subjectId = ?2 and kind = ?3 and revokedAt is null",
                Instant.now(), subjectId, PortalToken.Kind.PERSONAL);
    }

    /** Erasure: every token is revoked and the addresses they were mailed to are forgotten. */
    @Transactional
    public int revokeAll(UUID subjectId) {
        PortalToken.update("sentTo = null where subjectId = ?1", subjectId);
        return PortalToken.update("revokedAt = ?1 where subjectId = ?2 and revokedAt is null", Instant.now(), subjectId);
    }

    /** The subject's invitations, newest first (what an admin may see: no token, no code). */
    @Transactional
    public List<PortalToken> invitations(UUID subjectId) {
        return PortalToken.list("subjectId = ?1 and kind = ?2 order by createdAt desc", subjectId, PortalToken.Kind.INVITATION);
    }

    /** The subject a session or personal link token stands for, or a 401 with the reason. */
    @Transactional
    public PortalToken authenticate(String raw) {
        PortalToken token = lookup(raw, false).filter(t -> t.kind != PortalToken.Kind.INVITATION).orElseThrow(() ->
                new ApiException(ProblemCode.PORTAL_TOKEN_INVALID, io.consentry.core.security.PortalTokenVerifier.INVALID_LINK));
        if (token.revokedAt != null) {
            throw new ApiException(ProblemCode.PORTAL_TOKEN_REVOKED, "This link was revoked.");
        }
        if (!token.expiresAt.isAfter(Instant.now())) {
            throw new ApiException(ProblemCode.PORTAL_TOKEN_EXPIRED, "This link has expired.");
        }
        return token;
    }

    private Optional<PortalToken> lookup(String raw, boolean lock) {
        if (raw == null || raw.length() < 20 || raw.length() > 100) {
            return Optional.empty();
        }
        var query = PortalToken.<PortalToken>find("tokenHash", (Object) hash(raw));
        if (lock) {
            query.withLock(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResultOptional();
    }

    private PortalToken create(UUID subjectId, PortalToken.Kind kind, String createdBy, Duration ttl) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String raw = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        PortalToken token = new PortalToken();
        token.id = UUID.randomUUID();
        token.subjectId = subjectId;
        token.kind = kind;
        token.tokenHash = hash(raw);
        token.createdBy = createdBy;
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(ttl);
        token.persist();
        token.raw = raw;
        return token;
    }

    static byte[] hash(String raw) {
        return Sha256.of(raw);
    }
}
