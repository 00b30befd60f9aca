package io.consentry.credential;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * A credential as admins see it. The secret parts ({@code pin}, {@code qrPayload}, {@code totpSecret}) only appear in
 * the answer that issued them; the card id is not a secret (it is printed on, or read from, the card).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialView(UUID id, UUID subjectId, CredentialKind kind, String status, String label, String cardId,
                             int failedAttempts, Instant lockedUntil, Instant expiresAt, Instant createdAt,
                             Instant usedAt, Instant revokedAt,
                             String pin, String qrPayload, String totpSecret, Integer totpDigits, Integer totpStepSeconds) {

    static CredentialView of(AltCredential c) {
        return new CredentialView(c.id, c.subjectId, c.kind, c.status.name(), c.label, c.cardId, c.failedAttempts,
                c.lockedUntil, c.expiresAt, c.createdAt, c.usedAt, c.revokedAt, null, null, null, null, null);
    }

    CredentialView withSecret(String pin, String qrPayload, String totpSecret) {
        boolean totp = totpSecret != null;
        return new CredentialView(id, subjectId, kind, status, label, cardId, failedAttempts, lockedUntil, expiresAt,
                createdAt, usedAt, revokedAt, pin, qrPayload, totpSecret,
                totp ? Totp.DIGITS : null, totp ? Totp.STEP_SECONDS : null);
    }
}
