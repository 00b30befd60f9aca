package io.consentry.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A site's policy as the decision endpoints use it; {@code targetFpir} is set whenever FACE_1_N is allowed. */
public record EffectivePolicy(UUID siteId, Set<AccessMethod> methods, Set<ClaimType> faceClaimTypes,
                              boolean livenessRequired, double livenessThreshold, double targetFar, Double targetFpir,
                              Double maxFnir, int faceAttempts,
                              List<OpeningWindow> openingHours, ZoneId zone) {

    public boolean allows(AccessMethod method) {
        return methods.contains(method);
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
