package io.consentry.face;

/**
 * Configurable quality limits.
 *
 * @param minEyeDistance   minimum inter-ocular distance in pixels (LFW faces ~ 30-45 px)
 * @param minSharpness     minimum variance of Laplacian on the aligned 112x112 face
 * @param minBrightness    minimum mean grey level of the aligned face
 * @param maxBrightness    maximum mean grey level of the aligned face
 * @param maxYaw           maximum |yaw proxy| (0 frontal, 1 profile)
 * @param maxRollDegrees   maximum |roll| in degrees
 * @param maxOutsideFrame  maximum fraction of the (1.2x enlarged) face box outside the image
 */
public record QualityLimits(float minEyeDistance, float minSharpness, float minBrightness,
                            float maxBrightness, float maxYaw, float maxRollDegrees,
                            float maxOutsideFrame) {
    public static QualityLimits defaults() {
        return new QualityLimits(20f, 15f, 40f, 220f, 0.65f, 35f, 0.10f);
    }

    /** Lenient limits for offline evaluation: only hard failures. */
    public static QualityLimits lenient() {
        return new QualityLimits(8f, 0f, 0f, 255f, 1f, 180f, 1f);
    }
}
