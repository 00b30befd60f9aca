package io.consentry.access;

import io.consentry.core.limits.SharedLimits;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Failed face attempts per device and claimed subject, so that after the policy's number of misses the device is
 * told to use an alternative instead of letting the person try forever. Counted in PostgreSQL ({@link SharedLimits}):
 * the same gate served by two replicas one after the other still counts one series.
 */
@ApplicationScoped
public class FaceAttempts {

    static final Duration WINDOW = Duration.ofMinutes(2);

    private final SharedLimits limits;

    FaceAttempts(SharedLimits limits) {
        this.limits = limits;
    }

    public int failures(UUID deviceId, UUID subjectId) {
        return limits.count(key(deviceId, subjectId), WINDOW);
    }

    public int fail(UUID deviceId, UUID subjectId) {
        return limits.increment(key(deviceId, subjectId), WINDOW);
    }

    public void reset(UUID deviceId, UUID subjectId) {
        limits.reset(key(deviceId, subjectId));
    }

    private static String key(UUID deviceId, UUID subjectId) {
        return "face:" + deviceId + ":" + subjectId;
    }
}
