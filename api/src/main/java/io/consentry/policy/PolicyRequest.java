package io.consentry.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;
import java.util.Set;

/**
 * A site's policy as an admin saves it. Omitted optional fields take the defaults of {@link PolicyRules}.
 *
 * @param targetFar                 match threshold expressed as the false-accept rate to aim for (e.g. 0.001);
 *                                  mapped to a score threshold through the model pack's calibration
 * @param faceAttemptsBeforeFallback failed face attempts after which the device is told to use an alternative
 * @param openingHours              empty or absent: always open
 */
public record PolicyRequest(@NotEmpty Set<AccessMethod> methods,
                            Set<ClaimType> faceClaimTypes,
                            Boolean livenessRequired,
                            Double livenessThreshold,
                            Double targetFar,
                            Integer faceAttemptsBeforeFallback,
                            List<@Valid OpeningWindow> openingHours) {
}
