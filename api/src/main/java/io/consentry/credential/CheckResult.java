package io.consentry.credential;

import java.util.UUID;

/**
 * The outcome of presenting a credential. {@code reason} is the stable code the device is told:
 * {@code credential_valid}, {@code unknown_credential}, {@code wrong_secret}, {@code credential_locked},
 * {@code credential_expired}, {@code credential_used}, {@code credential_revoked}, {@code code_replayed}.
 * {@code cause} is what really happened when the device is told less (a PIN for someone without a PIN, or for nobody,
 * is told {@code wrong_secret} like a wrong PIN, so that a device cannot learn who has a PIN): for the audit log only.
 */
public record CheckResult(boolean valid, UUID subjectId, UUID credentialId, CredentialKind kind, String reason, String cause) {

    public CheckResult(boolean valid, UUID subjectId, UUID credentialId, CredentialKind kind, String reason) {
        this(valid, subjectId, credentialId, kind, reason, reason);
    }

    static CheckResult ok(AltCredential c) {
        return new CheckResult(true, c.subjectId, c.id, c.kind, "credential_valid");
    }

    static CheckResult refused(AltCredential c, String reason) {
        return new CheckResult(false, c == null ? null : c.subjectId, c == null ? null : c.id, c == null ? null : c.kind, reason);
    }

    /** Told as a wrong secret; audited as what it was. */
    static CheckResult indistinguishable(String cause) {
        return new CheckResult(false, null, null, null, "wrong_secret", cause);
    }
}
