package io.consentry.engine;

import io.consentry.face.FaceEngineException;
import io.consentry.problem.ApiException;

/**
 * Engine errors → problem documents, the same for every way an image reaches the engine (a selfie in the portal, a
 * device frame, a test photo in the console): one stable code per failure and a status that says whose fault it is.
 * A failed liveness check is only a problem at enrolment; at a gate it is a decision, and the caller handles it first.
 */
public final class ImageProblems {

    private ImageProblems() {
    }

    public static ApiException of(FaceEngineException e) {
        String code = e.code().code();
        return switch (code) {
            case "image_too_large" -> tooLarge(
                    "The image is too large (bytes, width, height or pixel count); send at most a few megapixels.");
            case "unsupported_image" -> new ApiException(415, code, "Unsupported image",
                    "This is not a supported image (JPEG, PNG, BMP or WebP, 8-bit, not animated).");
            case "corrupt_image" -> new ApiException(400, code, "Corrupt image", "The image is damaged or truncated.");
            case "image_too_small" -> new ApiException(422, code, "Image too small", "The image is too small to find a face in.");
            case "no_face_found" -> new ApiException(422, code, "No face found", "No face was found; face the camera in good light.");
            case "multiple_faces" -> new ApiException(422, code, "Several faces",
                    "More than one face is in the picture; one person at a time.");
            case "face_too_small" -> new ApiException(422, code, "Face too small",
                    "The face is too small in the picture; come closer to the camera.");
            case "low_quality" -> new ApiException(422, code, "Low quality",
                    "The picture is not good enough (" + String.join(", ", e.reasons()) + "); face the camera in good light.");
            case "spoof_suspected" -> new ApiException(422, code, "Liveness check failed",
                    "The picture looks like a photo of a photo or of a screen; take a live picture.");
            default -> unprocessable();
        };
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "image_too_large", "Image too large", detail);
    }

    public static ApiException unprocessable() {
        return new ApiException(422, "unprocessable_image", "Image could not be processed",
                "The image could not be analysed; send a plain JPEG or PNG photo of one face.");
    }
}
