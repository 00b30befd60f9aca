package io.consentry.face;

import java.util.List;

/**
 * Per-face quality. {@code reasons} lists every failed check with a stable token:
 * {@code too_small}, {@code blurred}, {@code underexposed}, {@code overexposed},
 * {@code pose}, {@code cut_by_frame}. {@code pass} is true iff reasons is empty.
 *
 * @param faceSize    inter-ocular distance in pixels
 * @param sharpness   variance of the Laplacian on the aligned 112x112 grey face
 * @param brightness  mean grey level of the aligned face (0..255)
 * @param yaw         yaw proxy in [-1,1] from the nose position between the eyes (0 = frontal)
 * @param roll        roll in degrees from the eye line
 * @param score       a 0..1 summary (for ranking enrolment shots), not a decision
 */
public record Quality(boolean pass, List<String> reasons, float faceSize, float sharpness,
                      float brightness, float yaw, float roll, float score) {
    public Quality {
        reasons = List.copyOf(reasons);
    }
}
