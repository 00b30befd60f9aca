package io.consentry.engineview;

import io.consentry.face.FaceEngineException;
import io.consentry.problem.ApiException;

/**
 * Engine errors of a test photo → the same codes and statuses as enrolment gives for the same image (the enrolment
 * package keeps its mapping private). Face-level outcomes (no face, several faces, low quality) are not errors here:
 * showing them is what the engine view is for.
 */
final class EngineViewProblems {

    private EngineViewProblems() {
    }

    static ApiException of(FaceEngineException e) {
        String code = e.code().code();
        return switch (code) {
            case "image_too_large" -> tooLarge("The image is too large (bytes, width, height or pixel count); use a photo of at most a few megapixels.");
            case "unsupported_image" -> new ApiException(415, code, "Unsupported image",
                    "This is not a supported image (JPEG, PNG, BMP or WebP, 8-bit, not animated).");
            case "corrupt_image" -> new ApiException(400, code, "Corrupt image", "The image is damaged or truncated.");
            case "image_too_small" -> new ApiException(422, code, "Image too small", "The image is too small to find a face in.");
            default -> unprocessable();
        };
    }

    static ApiException tooLarge(String detail) {
        return new ApiException(413, "image_too_large", "Image too large", detail);
    }

    static ApiException unprocessable() {
        return new ApiException(422, "unprocessable_image", "Image could not be processed",
                "The image could not be analysed; use a plain JPEG or PNG photo.");
    }
}
