package io.consentry.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A saved policy, with the score threshold its target FAR maps to under the current model pack. */
public record PolicyView(UUID siteId, Set<AccessMethod> methods, Set<ClaimType> faceClaimTypes, boolean livenessRequired,
                         double livenessThreshold, double targetFar, float matchThreshold, String modelPack,
                         int faceAttemptsBeforeFallback, List<OpeningWindow> openingHours, Instant updatedAt) {
}
