package io.consentry.core.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code code} is the stable, machine-readable reason clients switch on;
 * {@code detail} is a sentence for the person reading it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:consentry:problem:";

    public static Problem of(ProblemCode code, String detail) {
        return of(code, code.status(), detail);
    }

    public static Problem of(ProblemCode code, int status, String detail) {
        return new Problem(TYPE_PREFIX + code.code(), code.title(), status, code.code(), detail, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, code, detail, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, code, detail, instance, fieldErrors);
    }

    /** One invalid field of a request body or parameter. */
    public record FieldError(String field, String message) {
    }
}
