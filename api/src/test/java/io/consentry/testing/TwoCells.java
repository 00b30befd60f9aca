package io.consentry.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * An api serving two cells: the home cell (the shared test stack of {@link RealServers}) and {@link #CELL_B}, a second
 * stack with its own PostgreSQL, Keycloak and S3 server, started for the first test class that uses this profile.
 * Annotate a test class with {@code @TestProfile(TwoCells.class)} (and {@code @QuarkusTestResource(RealServers.class)}
 * as usual); {@link CellServers} reaches each cell's servers directly for assertions.
 */
public class TwoCells implements QuarkusTestProfile {

    public static final String CELL_B = "cell-b";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SecondCell.class));
    }

    /** Adds cell B's configuration (consentry.cells.*) to the api's. */
    public static class SecondCell implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            return RealServers.cell(CELL_B);
        }

        @Override
        public void stop() {
            // Like the home stack, cell B lives until the test JVM exits, shared by every class using the profile.
        }
    }
}
