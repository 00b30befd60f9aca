package io.consentry.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A saved policy, with the score threshold its target FAR maps to under the current model pack.
 *
 * @param verificationPurpose   the live purpose FACE_1_1 runs under; null when none is chosen (or it was retired):
 *                              FACE_1_1 then answers FALLBACK_REQUIRED {@code purpose_not_set}
 * @param identificationPurpose the same for FACE_1_N
 */
public record PolicyView(UUID siteId, Set<AccessMethod> methods, Set<ClaimType> faceClaimTypes, String verificationPurpose,
                         String identificationPurpose, boolean livenessRequired, double livenessThreshold, double targetFar,
                         float matchThreshold, String modelPack, int faceAttemptsBeforeFallback,
                         List<OpeningWindow> openingHours, Instant updatedAt) {
}
