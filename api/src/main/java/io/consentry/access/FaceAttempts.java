package io.consentry.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed face attempts per device and claimed subject, so that after the policy's number of misses the device is
 * told to use an alternative instead of letting the person try forever. Per replica and short-lived (a person
 * standing at a gate), which is what the rule is about; it is not a security counter (the threshold is).
 */
@ApplicationScoped
public class FaceAttempts {

    static final Duration WINDOW = Duration.ofMinutes(2);

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    private record Counter(int failures, long since) {
    }

    public int failures(UUID deviceId, UUID subjectId) {
        Counter counter = counters.get(key(deviceId, subjectId));
        return counter == null || expired(counter) ? 0 : counter.failures();
    }

    public int fail(UUID deviceId, UUID subjectId) {
        if (counters.size() > 100_000) {
            counters.values().removeIf(this::expired);
        }
        return counters.compute(key(deviceId, subjectId), (k, c) -> c == null || expired(c)
                ? new Counter(1, System.nanoTime()) : new Counter(c.failures() + 1, c.since())).failures();
    }

    public void reset(UUID deviceId, UUID subjectId) {
        counters.remove(key(deviceId, subjectId));
    }

    private boolean expired(Counter c) {
        return System.nanoTime() - c.since() > WINDOW.toNanos();
    }

    private static String key(UUID deviceId, UUID subjectId) {
        return deviceId + "/" + subjectId;
    }
}
