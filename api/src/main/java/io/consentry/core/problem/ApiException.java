package io.consentry.core.problem;

/** A failure the client can act on; rendered as a problem document with a stable code from {@link ProblemCode}. */
public class ApiException extends RuntimeException {

    private final ProblemCode code;
    private final int status;

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
    }

    public Problem toProblem() {
        return Problem.of(code, status, getMessage());
    }

    public int status() {
        return status;
    }

    public ProblemCode code() {
        return code;
    }
}
