package io.consentry.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.consentry.gallery.IdentificationOutlook;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A saved policy, with the score threshold its target FAR maps to under the current model pack and, for a FACE_1_N
 * site, what identification can promise for the tenant's gallery as it is now.
 *
 * @param verificationPurpose   the live purpose FACE_1_1 runs under; null when none is chosen (or it was retired):
 *                              FACE_1_1 then answers FALLBACK_REQUIRED {@code purpose_not_set}
 * @param identificationPurpose the same for FACE_1_N
 * @param identification        null unless the policy allows FACE_1_N
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyView(UUID siteId, Set<AccessMethod> methods, Set<ClaimType> faceClaimTypes, String verificationPurpose,
                         String identificationPurpose, boolean livenessRequired, double livenessThreshold, double targetFar,
                         float matchThreshold, Double targetFpir, Double maxFnir, IdentificationOutlook.Outlook identification,
                         String modelPack, int faceAttemptsBeforeFallback,
                         List<OpeningWindow> openingHours, Instant updatedAt) {
}
