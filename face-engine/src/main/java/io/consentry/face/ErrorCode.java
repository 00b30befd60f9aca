package io.consentry.face;

/**
 * Stable machine-readable error codes. The strings returned by {@link #code()} never change
 * meaning; the api maps them to RFC 9457 problem types.
 */
public enum ErrorCode {
    /** The image is empty or not one of the accepted formats (JPEG, PNG, BMP, WebP), or uses an unsupported variant (CMYK, 16-bit, animation). */
    UNSUPPORTED_IMAGE("unsupported_image"),
    /** The image is structurally broken or truncated. */
    CORRUPT_IMAGE("corrupt_image"),
    /** Body size, width, height or pixel count exceeds the configured limits (checked from the header, before decoding). */
    IMAGE_TOO_LARGE("image_too_large"),
    /** Width or height below the configured minimum. */
    IMAGE_TOO_SMALL("image_too_small"),
    /** No face detected. */
    NO_FACE_FOUND("no_face_found"),
    /** More than one face where exactly one was required. */
    MULTIPLE_FACES("multiple_faces"),
    /** The face is smaller than the quality limit. */
    FACE_TOO_SMALL("face_too_small"),
    /** The face failed another quality check (blur, exposure, pose, cut by frame). */
    LOW_QUALITY("low_quality"),
    /** The liveness (presentation-attack) score is below the threshold. */
    SPOOF_SUSPECTED("spoof_suspected"),
    /** A template blob is truncated, foreign, or from another pack/dimension. */
    INVALID_TEMPLATE("invalid_template"),
    /** The model pack is missing, fails verification, or its manifest is invalid. */
    INVALID_MODEL_PACK("invalid_model_pack"),
    /** An unexpected engine failure (a bug or native error); the input may be fine. */
    ENGINE_ERROR("engine_error");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
