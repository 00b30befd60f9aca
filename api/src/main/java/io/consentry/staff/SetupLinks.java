package io.consentry.staff;

import io.consentry.core.crypto.Sha256;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * One-time setup links of staff accounts: 256 random bits, base64url, kept as SHA-256 only; valid for
 * {@code consentry.staff.setup-link-ttl} (default 3 days), once, and only the newest link of an account works.
 * Redeeming one is what lets a person choose their password: whoever holds a valid link can, so links travel by
 * e-mail to the person, or by the operator's hand to the tenant's first admin.
 */
@ApplicationScoped
class SetupLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Issued(String token, Instant expiresAt) {
    }

    private final Duration ttl;

    SetupLinks(@ConfigProperty(name = "consentry.staff.setup-link-ttl", defaultValue = "P3D") Duration ttl) {
        this.ttl = ttl;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Issued issue(String userId, String by) {
        Instant now = Instant.now();
        StaffSetupToken.update("replacedAt = ?1 where userId = ?2 and usedAt is null and replacedAt is null", now, userId);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StaffSetupToken row = new StaffSetupToken();
        row.id = UUID.randomUUID();
        row.userId = userId;
        row.tokenHash = Sha256.of(token);
        row.createdBy = by;
        row.createdAt = now;
        row.expiresAt = now.plus(ttl);
        row.persist();
        return new Issued(token, row.expiresAt);
    }

    /**
     * Marks the link used and returns its account id; refuses (410) a link that is unknown, used, replaced or expired,
     * all alike. The mark is a conditional update, so two concurrent uses of one link cannot both pass; it is rolled
     * back with the caller's transaction if setting the password then fails.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    String redeem(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            throw invalid();
        }
        StaffSetupToken row = StaffSetupToken.<StaffSetupToken>find("tokenHash", (Object) Sha256.of(token)).firstResult();
        if (row == null) {
            throw invalid();
        }
        int marked = StaffSetupToken.update("usedAt = ?1 where id = ?2 and usedAt is null and replacedAt is null and expiresAt > ?1",
                Instant.now(), row.id);
        if (marked != 1) {
            throw invalid();
        }
        return row.userId;
    }

    private static ApiException invalid() {
        return new ApiException(ProblemCode.SETUP_LINK_INVALID, "This setup link is not valid: it was already used, a newer "
                + "one was sent, or it expired. Ask your administrator (or, for a tenant's first admin, the platform operator) for a new one.");
    }
}
