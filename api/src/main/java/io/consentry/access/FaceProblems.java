package io.consentry.access;

import io.consentry.face.FaceEngineException;
import io.consentry.problem.ApiException;

/**
 * Engine failures on a device frame → the same problem codes and statuses as enrolment (a camera sending a bad
 * frame gets the same answer as a phone sending a bad selfie). Liveness failures are decisions, not problems.
 */
final class FaceProblems {

    private FaceProblems() {
    }

    static ApiException of(FaceEngineException e) {
        String code = e.code().code();
        return switch (code) {
            case "image_too_large" -> new ApiException(413, code, "Image too large",
                    "The frame is too large (bytes, width, height or pixel count); send at most a few megapixels.");
            case "unsupported_image" -> new ApiException(415, code, "Unsupported image",
                    "This is not a supported image (JPEG, PNG, BMP or WebP, 8-bit, not animated).");
            case "corrupt_image" -> new ApiException(400, code, "Corrupt image", "The image is damaged or truncated.");
            case "image_too_small" -> new ApiException(422, code, "Image too small", "The image is too small to find a face in.");
            case "no_face_found" -> new ApiException(422, code, "No face found", "No face was found in the frame.");
            case "multiple_faces" -> new ApiException(422, code, "Several faces",
                    "More than one face is in the frame; one person at a time.");
            case "face_too_small" -> new ApiException(422, code, "Face too small", "The face is too small in the frame; step closer.");
            case "low_quality" -> new ApiException(422, code, "Low quality",
                    "The frame is not good enough (" + String.join(", ", e.reasons()) + ").");
            default -> new ApiException(422, "unprocessable_image", "Image could not be processed",
                    "The frame could not be analysed; send a plain JPEG or PNG of one face.");
        };
    }
}
