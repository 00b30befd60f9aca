package io.consentry.core.problem;

/** A failure the client can act on; rendered as a problem document with a stable code from {@link ProblemCode}. */
public class ApiException extends RuntimeException {

    private final ProblemCode code;
    private final int status;
    private final java.util.List<Problem.FieldError> errors;

    public ApiException(ProblemCode code, String detail) {
        this(code, code.status(), detail);
    }

    /** For the few codes sent with a second status (see {@link ProblemCode#statuses()}). */
    public ApiException(ProblemCode code, int status, String detail) {
        super(detail);
        if (!code.allows(status)) {
            throw new IllegalArgumentException(code.code() + " is not sent with status " + status + "; see ProblemCode");
        }
        this.code = code;
        this.status = status;
        this.errors = null;
    }

    /** A failure that names each offending field in errors[] (as bean validation does), e.g. a structured notice. */
    public ApiException(ProblemCode code, String detail, java.util.List<Problem.FieldError> errors) {
        super(detail);
        this.code = code;
        this.status = code.status();
        this.errors = java.util.List.copyOf(errors);
    }

    public Problem toProblem() {
        Problem problem = Problem.of(code, status, getMessage());
        return errors == null ? problem : problem.withErrors(errors);
    }

    public int status() {
        return status;
    }

    public ProblemCode code() {
        return code;
    }
}
