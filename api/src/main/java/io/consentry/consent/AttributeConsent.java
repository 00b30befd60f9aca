package io.consentry.consent;

import io.consentry.face.AttributeGrant;

import java.time.Instant;
import java.util.UUID;

/**
 * The capability to estimate attributes (age, gender, expression) of one face: proof that the consent enforcement
 * point checked, just now, that this subject has an active consent to this ATTRIBUTE_ANALYSIS purpose and that the
 * face at {@link #faceBox()} is theirs (it matched their enrolled face). Only {@link ConsentGuard} can make one (private
 * constructor, package-private factory, and an architecture rule), and the one class that runs the engine's attribute
 * models takes it as an argument: analysis of anyone else's face cannot be written without going through the guard.
 */
public final class AttributeConsent {

    private final UUID subjectId;
    private final String purpose;
    private final AttributeGrant grant;
    private final Instant checkedAt;

    private AttributeConsent(UUID subjectId, String purpose, AttributeGrant grant, Instant checkedAt) {
        this.subjectId = subjectId;
        this.purpose = purpose;
        this.grant = grant;
        this.checkedAt = checkedAt;
    }

    /** For {@link ConsentGuard} only (enforced by an architecture rule). */
    static AttributeConsent issue(UUID subjectId, String purpose, AttributeGrant grant) {
        return new AttributeConsent(subjectId, purpose, grant, Instant.now());
    }

    public UUID subjectId() {
        return subjectId;
    }

    /** The purpose code the analysis runs under. */
    public String purpose() {
        return purpose;
    }

    /**
     * The engine's grant for the verified face (where it is in the image; no other face is estimated). Only the
     * engine's attribute authority, which {@link ConsentGuard} holds, can make one.
     */
    public AttributeGrant grant() {
        return grant;
    }

    public Instant checkedAt() {
        return checkedAt;
    }
}
