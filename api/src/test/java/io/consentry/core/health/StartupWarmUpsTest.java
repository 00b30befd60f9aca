package io.consentry.core.health;

import io.quarkus.runtime.StartupEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness waits for the start-up warm-ups until each one is over, and never longer than its limit. */
class StartupWarmUpsTest {

    @Test
    void notOverBeforeStartUpIsThroughEvenWithNoWarmUp() {
        StartupWarmUps warmUps = new StartupWarmUps(Duration.ofMinutes(1));
        assertThat(warmUps.over()).isFalse();
        warmUps.afterStartup(new StartupEvent());
        assertThat(warmUps.over()).as("warm-ups switched off: nothing to wait for").isTrue();
    }

    @Test
    void overOnceEveryWarmUpFinishedOrWasSkipped() {
        StartupWarmUps warmUps = new StartupWarmUps(Duration.ofMinutes(1));
        warmUps.begin("vault");
        warmUps.begin("gallery");
        warmUps.afterStartup(new StartupEvent());
        assertThat(warmUps.over()).isFalse();
        warmUps.finished("gallery", 1_263);
        assertThat(warmUps.over()).isFalse();
        warmUps.skipped("vault", "SQLException");
        assertThat(warmUps.over()).isTrue();
        assertThat(warmUps.waitedTooLong()).isFalse();
        assertThat(warmUps.states()).containsExactly(
                java.util.Map.entry("gallery", new StartupWarmUps.State("done", "1263 ms")),
                java.util.Map.entry("vault", new StartupWarmUps.State("skipped", "SQLException")));
    }

    @Test
    void aWarmUpRunsOnItsOwnThreadAndAFailureCountsAsOver() throws Exception {
        StartupWarmUps warmUps = new StartupWarmUps(Duration.ofMinutes(1));
        warmUps.afterStartup(new StartupEvent());
        Thread ran = warmUps.start("works", () -> "3 things done");
        Thread failed = warmUps.start("fails", () -> {
            throw new java.sql.SQLException("no database");
        });
        assertThat(ran.isDaemon()).isTrue();
        ran.join(10_000);
        failed.join(10_000);
        assertThat(warmUps.states().get("works").status()).isEqualTo("done");
        assertThat(warmUps.states().get("works").detail()).endsWith(" ms");
        assertThat(warmUps.states().get("fails")).isEqualTo(new StartupWarmUps.State("skipped", "SQLException"));
        assertThat(warmUps.over()).isTrue();
    }

    @Test
    void aStuckWarmUpCostsSpeedNeverAvailability() {
        StartupWarmUps warmUps = new StartupWarmUps(Duration.ZERO);
        warmUps.begin("vault");
        warmUps.afterStartup(new StartupEvent());
        assertThat(warmUps.states().get("vault").status()).isEqualTo("running");
        assertThat(warmUps.waitedTooLong()).isTrue();
        assertThat(warmUps.over()).isTrue();
    }
}
