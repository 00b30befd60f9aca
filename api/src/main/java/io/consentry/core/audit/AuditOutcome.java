package io.consentry.core.audit;

/**
 * The words an audit entry's outcome is written in. Access decisions record the decision itself in upper case
 * (GRANTED, DENIED, FALLBACK_REQUIRED, as the device API answers); everything else is lower case: an operation that
 * happened is {@link #OK}, one the platform refused is {@code refused:<problem code>}, and a chain check is
 * {@link #VALID} or {@link #BROKEN}.
 */
public final class AuditOutcome {

    public static final String OK = "ok";
    public static final String VALID = "valid";
    public static final String BROKEN = "broken";

    private AuditOutcome() {
    }

    /** An operation the platform refused, with the problem code the caller received. */
    public static String refused(String problemCode) {
        return "refused:" + problemCode;
    }
}
