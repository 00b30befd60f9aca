package io.consentry.testing;

import io.consentry.devstack.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Real PostgreSQL, S3 and Keycloak for the api tests, started once per test JVM (no Docker, no mocks).
 * Their addresses and generated credentials become the api's configuration.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestStack.config());
        config.put("consentry.master-key.generate-if-missing", "true");
        return config;
    }

    @Override
    public void stop() {
        // The stack lives for the whole test JVM and is stopped by its shutdown hook, so that
        // several test classes share one start-up.
    }
}
