package io.consentry.problem;

/** A failure the client can act on; rendered as a problem document with a stable code. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    public ApiException(int status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, "Bad request", detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, "Not found", detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, "Conflict", detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, "Forbidden", detail);
    }

    public Problem toProblem() {
        return Problem.of(status, code, title, getMessage());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
