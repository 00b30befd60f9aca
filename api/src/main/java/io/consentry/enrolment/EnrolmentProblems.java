package io.consentry.enrolment;

import io.consentry.face.FaceEngineException;
import io.consentry.problem.ApiException;

/** Engine error codes → problem documents with the same stable code and a status that says whose fault it is. */
final class EnrolmentProblems {

    private EnrolmentProblems() {
    }

    static ApiException of(FaceEngineException e) {
        String code = e.code().code();
        return switch (code) {
            case "image_too_large" -> new ApiException(413, code, "Image too large",
                    "The image is too large (bytes, width, height or pixel count); send a photo of at most a few megapixels.");
            case "unsupported_image" -> new ApiException(415, code, "Unsupported image",
                    "This is not a supported image (JPEG, PNG, BMP or WebP, 8-bit, not animated).");
            case "corrupt_image" -> new ApiException(400, code, "Corrupt image", "The image is damaged or truncated.");
            case "image_too_small" -> new ApiException(422, code, "Image too small", "The image is too small to find a face in.");
            case "no_face_found" -> new ApiException(422, code, "No face found", "No face was found; face the camera in good light.");
            case "multiple_faces" -> new ApiException(422, code, "Several faces",
                    "More than one face is in the picture; only you should be in it.");
            case "face_too_small" -> new ApiException(422, code, "Face too small", "Your face is too small in the picture; come closer.");
            case "low_quality" -> new ApiException(422, code, "Low quality",
                    "The picture is not good enough (" + String.join(", ", e.reasons()) + "); try again facing the camera in good light.");
            case "spoof_suspected" -> new ApiException(422, code, "Liveness check failed",
                    "The picture looks like a photo of a photo or a screen; take a live selfie.");
            default -> new ApiException(422, "unprocessable_image", "Image could not be processed",
                    "The image could not be analysed; send a plain JPEG or PNG photo of one face.");
        };
    }
}
