package io.consentry.consent;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;

/** No live consent for the purpose a biometric operation named: 403 consent_required. */
public class ConsentRequiredException extends ApiException {

    /** @param what the purpose (its code) or the kind of processing that was refused, as the subject would read it */
    public ConsentRequiredException(String what) {
        super(ProblemCode.CONSENT_REQUIRED, "The subject has no active consent for " + what
                + "; the operation was refused and recorded.");
    }
}
