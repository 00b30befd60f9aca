package io.consentry.consent;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.purpose.PurposeKind;

/** No live consent for the purpose a biometric operation named: 403 consent_required. */
public class ConsentRequiredException extends ApiException {
    public ConsentRequiredException(PurposeKind kind) {
        super(ProblemCode.CONSENT_REQUIRED, "The subject has no active consent for " + kind.name().toLowerCase().replace('_', ' ')
                        + "; the operation was refused and recorded.");
    }
}
