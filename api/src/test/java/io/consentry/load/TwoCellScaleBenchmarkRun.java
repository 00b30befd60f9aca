package io.consentry.load;

import io.consentry.testing.TwoCells;
import io.quarkus.test.junit.TestProfile;

/**
 * The scale benchmark over two cells: the same measurement as {@link ScaleBenchmarkRun}, with the api serving the home
 * cell and {@link TwoCells#CELL_B} (its own PostgreSQL, Keycloak and S3), tenants placed on the least loaded. Run it
 * with {@code -Dtest=TwoCellScaleBenchmarkRun} and the same settings.
 */
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(io.consentry.testing.RealServers.class)
@TestProfile(TwoCells.class)
class TwoCellScaleBenchmarkRun extends ScaleBenchmarkRun {
}
