package io.consentry.devicekit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the device kit throws. {@link #code()} is the api's stable problem code ({@code device_revoked},
 * {@code rate_limited}, {@code no_face_found}, …): integrators switch on it or on the subclass, never on the sentence.
 * A decision the api made (GRANTED, DENIED, FALLBACK_REQUIRED) is never an exception: it is a {@link Decision}.
 */
public abstract class DeviceKitException extends RuntimeException {

    private final int status;
    private final String code;

    DeviceKitException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no answer came back. */
    public int status() {
        return status;
    }

    /** The stable problem code. */
    public String code() {
        return code;
    }

    /** A problem document ({@code application/problem+json}) the api answered with. */
    public static class ApiProblem extends DeviceKitException {
        private final String title;
        private final String detail;
        private final List<FieldError> errors;

        public ApiProblem(int status, String code, String title, String detail, List<FieldError> errors) {
            super(status, code, status + " " + code + ": " + (detail == null ? title : detail), null);
            this.title = title;
            this.detail = detail;
            this.errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public String title() {
            return title;
        }

        /** The api's sentence for a person (show it to the installer, not to the person at the gate). */
        public String detail() {
            return detail;
        }

        /** Invalid fields of the request, when the api named them. */
        public List<FieldError> errors() {
            return errors;
        }
    }

    public record FieldError(String field, String message) {
    }

    /** 401: no valid token, or the token endpoint refused the credentials ({@code invalid_client}, …). */
    public static final class Unauthenticated extends ApiProblem {
        public Unauthenticated(int status, String code, String detail) {
            super(status, code, "Not authenticated", detail, null);
        }
    }

    /** 403 {@code device_revoked}: an admin revoked this device; its token stops working at once. */
    public static final class DeviceRevoked extends ApiProblem {
        public DeviceRevoked(int status, String code, String title, String detail) {
            super(status, code, title, detail, null);
        }
    }

    /** 403 other than a revocation: the token's client or role may not call this route. */
    public static final class Forbidden extends ApiProblem {
        public Forbidden(int status, String code, String title, String detail) {
            super(status, code, title, detail, null);
        }
    }

    /** 429 {@code rate_limited}, after the kit's own retries; {@link #retryAfter()} when the api said how long. */
    public static final class RateLimited extends ApiProblem {
        private final Duration retryAfter;

        public RateLimited(int status, String code, String title, String detail, Duration retryAfter) {
            super(status, code, title, detail, null);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** The frame was refused (unsupported, corrupt, too large, no face, several faces, too small, low quality). */
    public static final class FrameRejected extends ApiProblem {
        /** The problem codes that say something about the frame, not about the request or the device. */
        public static final Set<String> CODES = Set.of("unsupported_image", "corrupt_image", "image_too_large",
                "no_face_found", "multiple_faces", "face_too_small", "low_quality", "invalid_image_encoding",
                "unprocessable_image", "request_too_large");

        public FrameRejected(int status, String code, String title, String detail) {
            super(status, code, title, detail, null);
        }
    }

    /** 5xx ({@code engine_busy}, a database or store out of reach) after the kit's own retries. */
    public static final class Unavailable extends ApiProblem {
        public Unavailable(int status, String code, String title, String detail) {
            super(status, code, title, detail, null);
        }
    }

    /** Nothing came back (connection refused, reset, timed out): whether the api decided is unknown. */
    public static final class TransportFailure extends DeviceKitException {
        public TransportFailure(String message, Throwable cause) {
            super(0, "transport_failure", message, cause);
        }
    }
}
