package io.consentry.core.engine;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.face.FaceEngineException;

/**
 * Engine errors → problem documents, the same for every way an image reaches the engine (a selfie in the portal, a
 * device frame, a test photo in the console): one stable code per failure and a status that says whose fault it is.
 * A failed liveness check is only a problem at enrolment; at a gate it is a decision, and the caller handles it first.
 */
public final class ImageProblems {

    private ImageProblems() {
    }

    public static ApiException of(FaceEngineException e) {
        ProblemCode code = ProblemCode.ofEngine(e.code().code());
        return switch (code) {
            case IMAGE_TOO_LARGE -> tooLarge("The image is too large (bytes, width, height or pixel count); send at most a few megapixels.");
            case UNSUPPORTED_IMAGE -> new ApiException(code, "This is not a supported image (JPEG, PNG, BMP or WebP, 8-bit, not animated).");
            case CORRUPT_IMAGE -> new ApiException(code, "The image is damaged or truncated.");
            case IMAGE_TOO_SMALL -> new ApiException(code, "The image is too small to find a face in.");
            case NO_FACE_FOUND -> new ApiException(code, "No face was found; face the camera in good light.");
            case MULTIPLE_FACES -> new ApiException(code, "More than one face is in the picture; one person at a time.");
            case FACE_TOO_SMALL -> new ApiException(code, "The face is too small in the picture; come closer to the camera.");
            case LOW_QUALITY -> new ApiException(code,
                    "The picture is not good enough (" + String.join(", ", e.reasons()) + "); face the camera in good light.");
            case SPOOF_SUSPECTED -> new ApiException(code, "The picture looks like a photo of a photo or of a screen; take a live picture.");
            default -> unprocessable();
        };
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(ProblemCode.IMAGE_TOO_LARGE, detail);
    }

    public static ApiException unprocessable() {
        return new ApiException(ProblemCode.UNPROCESSABLE_IMAGE, "The image could not be analysed; send a plain JPEG or PNG photo of one face.");
    }
}
