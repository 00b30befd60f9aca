package io.consentry.device;

import io.consentry.core.limits.SharedLimits;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * A token bucket per device, shared by every api replica ({@link SharedLimits}): a gate asks a few times a second at
 * most, so a device hammering the decision endpoints is either broken or compromised, and must not starve the engine
 * for the others — however many replicas its requests are spread over.
 */
@ApplicationScoped
public class DeviceRateLimiter {

    private final SharedLimits limits;
    private final double perSecond;
    private final double burst;

    DeviceRateLimiter(SharedLimits limits,
                      @ConfigProperty(name = "consentry.device.rate-limit.per-second", defaultValue = "10") double perSecond,
                      @ConfigProperty(name = "consentry.device.rate-limit.burst", defaultValue = "20") double burst) {
        this.limits = limits;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for the device or refuses with 429 {@code rate_limited}. */
    public void acquire(UUID deviceId) {
        if (!limits.tryTake("device:" + deviceId, perSecond, burst)) {
            throw new ApiException(ProblemCode.RATE_LIMITED, "This device sent more than " + perSecond + " decision requests per second; slow down and retry in a moment.");
        }
    }
}
