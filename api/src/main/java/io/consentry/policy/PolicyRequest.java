package io.consentry.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/**
 * A site's policy as an admin saves it. Omitted optional fields take the defaults of {@link PolicyRules}.
 *
 * @param verificationPurpose       code of the purpose FACE_1_1 runs under (a live purpose of kind FACE_VERIFICATION);
 *                                  required with FACE_1_1, refused without it
 * @param identificationPurpose     code of the purpose FACE_1_N runs under (kind FACE_IDENTIFICATION); required with
 *                                  FACE_1_N, refused without it
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
                            @Size(max = 64) String verificationPurpose,
                            @Size(max = 64) String identificationPurpose,
                            Boolean livenessRequired,
                            Double livenessThreshold,
                            Double targetFar,
                            Double targetFpir,
                            Double maxFnir,
                            Integer faceAttemptsBeforeFallback,
                            List<@Valid OpeningWindow> openingHours) {

    /** A policy without face methods (new sites start with one). */
    static PolicyRequest withoutFace(Set<AccessMethod> methods) {
        return new PolicyRequest(methods, null, null, null, false, null, null, null, null, null, null);
    }
}
