package io.consentry.policy;

import io.consentry.purpose.PurposeRef;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A site's policy as the decision endpoints use it.
 *
 * @param verificationPurpose   the live purpose FACE_1_1 runs under, or null (not chosen, or retired since)
 * @param identificationPurpose the live purpose FACE_1_N runs under, or null
 * @param targetFpir            set whenever FACE_1_N is allowed
 */
public record EffectivePolicy(UUID siteId, Set<AccessMethod> methods, Set<ClaimType> faceClaimTypes,
                              PurposeRef verificationPurpose, PurposeRef identificationPurpose,
                              boolean livenessRequired, double livenessThreshold, double targetFar, Double targetFpir,
                              Double maxFnir, int faceAttempts,
                              List<OpeningWindow> openingHours, ZoneId zone) {

    public boolean allows(AccessMethod method) {
        return methods.contains(method);
    }

    /**
     * The purpose a face method runs under at this site: the gate checks consent to exactly this purpose. Empty for
     * the other methods, and for a face method whose purpose is not chosen (then no face may be processed here).
     */
    public Optional<PurposeRef> purposeOf(AccessMethod method) {
        return switch (method) {
            case FACE_1_1 -> Optional.ofNullable(verificationPurpose);
            case FACE_1_N -> Optional.ofNullable(identificationPurpose);
            default -> Optional.empty();
        };
    }

    /** The non-biometric methods a device may offer instead of a face; never empty for a saved policy. */
    public List<AccessMethod> alternatives() {
        return methods.stream().filter(m -> !m.biometric()).sorted().toList();
    }

    public boolean openAt(Instant when) {
        if (openingHours.isEmpty()) {
            return true;
        }
        ZonedDateTime local = when.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        LocalTime time = local.toLocalTime();
        return openingHours.stream().anyMatch(w -> w.contains(day, time));
    }
}
