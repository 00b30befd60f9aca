package io.consentry.device;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per device (per api replica): a gate asks a few times a second at most, so a device hammering the
 * decision endpoints is either broken or compromised, and must not starve the engine for the others.
 */
@ApplicationScoped
public class DeviceRateLimiter {

    @ConfigProperty(name = "consentry.device.rate-limit.per-second", defaultValue = "10")
    double perSecond;

    @ConfigProperty(name = "consentry.device.rate-limit.burst", defaultValue = "20")
    double burst;

    private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one token for the device or refuses with 429 {@code rate_limited}. */
    public void acquire(UUID deviceId) {
        Bucket bucket = buckets.computeIfAbsent(deviceId, id -> new Bucket(burst, System.nanoTime()));
        if (!bucket.take(perSecond, burst, System.nanoTime())) {
            throw new ApiException(ProblemCode.RATE_LIMITED, "This device sent more than " + perSecond + " decision requests per second; slow down and retry in a moment.");
        }
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized boolean take(double rate, double capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * rate);
            lastNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
