package io.consentry.core.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; the single place that knows the media type and the auth challenge. */
public final class ProblemResponses {

    /** How long a client of a tenant being moved to another cell waits before it tries again, in seconds. */
    static final String MOVING_RETRY_AFTER = "30";

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, problem.code().startsWith("portal_") ? "Portal" : "Bearer");
        }
        if (problem.code().equals(ProblemCode.TENANT_MOVING.code())) {
            response.header(HttpHeaders.RETRY_AFTER, MOVING_RETRY_AFTER);
        }
        return response.build();
    }
}
