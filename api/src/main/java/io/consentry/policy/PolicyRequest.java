package io.consentry.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;
import java.util.Set;

/**
 * A site's policy as an admin saves it. Omitted optional fields take the defaults of {@link PolicyRules}.
 *
 * @param targetFar                 FACE_1_1: the per-pair false-accept rate to aim for (e.g. 0.001); mapped to a score
 *                                  threshold through the model pack's calibration
 * @param targetFpir                FACE_1_N: the false-positive identification rate to aim for (e.g. 0.01: one
 *                                  non-member in a hundred taken for a member); the threshold then follows the gallery's
 *                                  size at every search
 * @param maxFnir                   FACE_1_N, optional: the largest share of members the site accepts to miss; beyond
 *                                  it, identification falls back to the alternatives (default: the pack's ceiling)
 * @param faceAttemptsBeforeFallback failed face attempts after which the device is told to use an alternative
 * @param openingHours              empty or absent: always open
 */
public record PolicyRequest(@NotEmpty Set<AccessMethod> methods,
                            Set<ClaimType> faceClaimTypes,
                            Boolean livenessRequired,
                            Double livenessThreshold,
                            Double targetFar,
                            Double targetFpir,
                            Double maxFnir,
                            Integer faceAttemptsBeforeFallback,
                            List<@Valid OpeningWindow> openingHours) {
}
