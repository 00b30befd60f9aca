package io.consentry.credential;

import java.util.UUID;

/**
 * The outcome of presenting a credential. {@code reason} is a stable code: {@code credential_valid},
 * {@code unknown_credential}, {@code wrong_secret}, {@code credential_locked}, {@code credential_expired},
 * {@code credential_used}, {@code credential_revoked}, {@code code_replayed}.
 */
public record CheckResult(boolean valid, UUID subjectId, UUID credentialId, CredentialKind kind, String reason) {

    static CheckResult ok(AltCredential c) {
        return new CheckResult(true, c.subjectId, c.id, c.kind, "credential_valid");
    }

    static CheckResult refused(AltCredential c, String reason) {
        return new CheckResult(false, c == null ? null : c.subjectId, c == null ? null : c.id, c == null ? null : c.kind, reason);
    }
}
