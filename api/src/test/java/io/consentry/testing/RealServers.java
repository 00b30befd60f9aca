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
    private static Class<?> testStack;

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> start() {
        try {
            return new HashMap<>((Map<String, String>) testStack().getMethod("config").invoke(null));
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Could not start the test stack from " + JAR, e);
        }
    }

    /**
     * A further cell's servers (own PostgreSQL, Keycloak, S3), started on the first call for that name and shared by
     * the test JVM from then on: the api's configuration of that cell (consentry.cells.*) plus its Keycloak's bootstrap
     * admin under consentry.devstack.cells.&lt;name&gt;.* (see {@link CellServers}).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, String> cell(String name) {
        try {
            return (Map<String, String>) testStack().getMethod("cell", String.class).invoke(null, name);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Could not start the servers of cell " + name, e);
        }
    }

    /** Takes the shared stack's S3 server down (outage tests); {@link #startS3()} brings it back on the same port. */
    public static void stopS3() {
        invoke("stopS3");
    }

    public static void startS3() {
        invoke("startS3");
    }

    /** Takes the S3 server of a further cell (started through {@link #cell}) down; {@link #startS3(String)} brings it back. */
    public static void stopS3(String cell) {
        invoke("stopS3", cell);
    }

    public static void startS3(String cell) {
        invoke("startS3", cell);
    }

    /** Takes the shared stack's PostgreSQL down (fault tests); {@link #startPostgres()} restarts it on the same port and data. */
    public static void stopPostgres() {
        invoke("stopPostgres");
    }

    public static void startPostgres() {
        invoke("startPostgres");
    }

    /** Takes the shared stack's Keycloak down (fault tests); {@link #startKeycloak()} restarts it with the same realms. */
    public static void stopKeycloak() {
        invoke("stopKeycloak");
    }

    public static void startKeycloak() {
        invoke("startKeycloak");
    }

    private static void invoke(String method) {
        try {
            testStack().getMethod(method).invoke(null);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Test stack call " + method + " failed", e);
        }
    }

    private static void invoke(String method, String cell) {
        try {
            testStack().getMethod(method, String.class).invoke(null, cell);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Test stack call " + method + "(" + cell + ") failed", e);
        }
    }

    private static synchronized Class<?> testStack() throws ReflectiveOperationException, java.io.IOException {
        if (testStack == null) {
            // Never closed: the stack's shutdown hook needs its classes until the JVM exits.
            URLClassLoader loader = new URLClassLoader(new URL[]{devstackJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            testStack = loader.loadClass("io.consentry.devstack.TestStack");
        }
        return testStack;
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
