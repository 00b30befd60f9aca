package io.consentry.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Real PostgreSQL, S3 and Keycloak for the api tests, started once per test JVM (no Docker, no mocks).
 * Their addresses and generated credentials become the api's configuration.
 * <p>
 * The dev stack (api/devstack) is loaded from its built jar in an isolated class loader rather than as a Maven
 * dependency: its libraries (S3Proxy's Guice, Jetty, XML Jackson...) must not reach the application's class path,
 * and Quarkus' workspace resolution would pull them in. The stack itself runs in a child JVM.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    private static final String JAR = "api/devstack/target/consentry-devstack.jar";

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> start() {
        try {
            URLClassLoader loader = new URLClassLoader(new URL[]{devstackJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> testStack = loader.loadClass("io.consentry.devstack.TestStack");
            return new HashMap<>((Map<String, String>) testStack.getMethod("config").invoke(null));
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Could not start the test stack from " + JAR, e);
        }
    }

    @Override
    public void stop() {
        // The stack lives for the whole test JVM and is stopped by its shutdown hook, so that
        // several test classes share one start-up.
    }

    private static Path devstackJar() {
        String override = System.getProperty("consentry.devstack.jar");
        if (override != null) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(JAR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(JAR + " not found above " + Path.of("").toAbsolutePath()
                + ": build it first (mvn -pl api/devstack package) or set -Dconsentry.devstack.jar");
    }
}
