package io.consentry.face;

import java.util.List;

/** The one exception type of the engine; {@link #code()} is stable, the message is for humans. */
public class FaceEngineException extends RuntimeException {
    private final ErrorCode code;
    private final List<String> reasons;

    public FaceEngineException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public FaceEngineException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public FaceEngineException(ErrorCode code, String message, List<String> reasons, Throwable cause) {
        super(code.code() + ": " + message, cause);
        this.code = code;
        this.reasons = List.copyOf(reasons);
    }

    public ErrorCode code() {
        return code;
    }

    /** Machine-readable reasons (e.g. quality reasons such as {@code blurred}); may be empty. */
    public List<String> reasons() {
        return reasons;
    }
}
