package io.consentry.hostile;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The hostile suite's application: as usual, except that the device's rate limit would answer most of its thousands of
 * device requests with 429 before they reach validation.
 */
public class HostileProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("consentry.device.rate-limit.per-second", "100000", "consentry.device.rate-limit.burst", "100000");
    }
}
