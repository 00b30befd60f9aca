package io.consentry.consent;

import io.consentry.problem.ApiException;

/** No live consent for the purpose a biometric operation named: 403 consent_required. */
public class ConsentRequiredException extends ApiException {
    public ConsentRequiredException(PurposeKind kind) {
        super(403, "consent_required", "Consent required",
                "The subject has no active consent for " + kind.name().toLowerCase().replace('_', ' ')
                        + "; the operation was refused and recorded.");
    }
}
