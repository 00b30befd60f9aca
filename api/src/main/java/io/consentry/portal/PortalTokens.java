package io.consentry.portal;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.crypto.Sha256;
import io.consentry.core.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and checks the subject's tokens: 256 random bits, base64url, stored as SHA-256 only (a database leak gives
 * no usable token). Invitations are single-use and expire; redeeming one opens a short portal session. The personal
 * link is long-lived and revocable; issuing a new one revokes the previous one.
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

    public record Issued(UUID id, String token, Instant expiresAt) {
    }

    @Transactional
    public Issued issueInvitation(UUID subjectId, String createdBy, Duration ttl) {
        return issue(subjectId, PortalToken.Kind.INVITATION, createdBy, ttl == null ? invitationTtl : ttl);
    }

    /** Redeems an invitation once; returns a new session. Every failure names its reason. */
    @Transactional
    public Issued redeem(String invitation) {
        PortalToken token = lookup(invitation, true).filter(t -> t.kind == PortalToken.Kind.INVITATION).orElseThrow(() ->
                new ApiException(ProblemCode.INVITATION_INVALID, io.consentry.core.security.PortalTokenVerifier.INVALID_INVITATION));
        Instant now = Instant.now();
        if (token.revokedAt != null) {
            throw new ApiException(ProblemCode.INVITATION_REVOKED, "This invitation was revoked; ask for a new one.");
        }
        if (token.redeemedAt != null) {
            throw new ApiException(ProblemCode.INVITATION_USED, "This invitation was already used; use your personal link or ask for a new invitation.");
        }
        if (!token.expiresAt.isAfter(now)) {
            throw new ApiException(ProblemCode.INVITATION_EXPIRED, "This invitation has expired; ask for a new one.");
        }
        token.redeemedAt = now;
        return issue(token.subjectId, PortalToken.Kind.SESSION, "invitation:" + token.id, sessionTtl);
    }

    /** Revokes any earlier personal link of the subject and issues a new one. */
    @Transactional
    public Issued issuePersonalLink(UUID subjectId) {
        revokePersonalLinks(subjectId);
        return issue(subjectId, PortalToken.Kind.PERSONAL, "subject", personalTtl);
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

    @Transactional
    public int revokeAll(UUID subjectId) {
        return PortalToken.update("revokedAt = ?1 where subjectId = ?2 and revokedAt is null", Instant.now(), subjectId);
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

    private Issued issue(UUID subjectId, PortalToken.Kind kind, String createdBy, Duration ttl) {
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
        return new Issued(token.id, raw, token.expiresAt);
    }

    static byte[] hash(String raw) {
        return Sha256.of(raw);
    }
}
