package io.consentry.devicekit.sim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorPartsTest {

    @Test
    void percentilesAreNearestRank() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 100; ms++) {
            stats.add(Duration.ofMillis(ms));
        }
        assertThat(stats.percentile(50)).isEqualTo(Duration.ofMillis(50));
        assertThat(stats.percentile(95)).isEqualTo(Duration.ofMillis(95));
        assertThat(stats.percentile(99)).isEqualTo(Duration.ofMillis(99));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(100));
        assertThat(new LatencyStats().percentile(99)).isEqualTo(Duration.ZERO);
    }

    @Test
    void argumentsRatesAndDurationsAreRead() {
        Args args = Args.parse(new String[]{"--api", "https://x", "replay", "--rate=5/s", "--duration", "2m", "--retry",
                "--secret", "a", "--secret", "b"}, Set.of("retry"));
        assertThat(args.command()).isEqualTo("replay");
        assertThat(args.rate("rate")).isEqualTo(5.0);
        assertThat(args.duration("duration")).isEqualTo(Duration.ofMinutes(2));
        assertThat(args.flag("retry")).isTrue();
        assertThat(args.all("secret")).containsExactly("a", "b");
        assertThat(Args.parse(new String[]{"--rate", "300/m"}, Set.of()).rate("rate")).isEqualTo(5.0);
        assertThat(Args.duration("500ms", "d")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Args.parse(new String[]{"--duration", "soon"}, Set.of()).duration("duration"))
                .isInstanceOf(Args.Invalid.class).hasMessageContaining("30s");
        assertThatThrownBy(() -> Args.parse(new String[]{"--api"}, Set.of())).isInstanceOf(Args.Invalid.class);
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        var out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(DeviceSim.run(new String[]{"fly"}, print)).isEqualTo(2);
        assertThat(DeviceSim.run(new String[]{"--api", "not a url", "--keycloak", "http://k", "--tenant", "t", "--client-id", "c",
                "--client-secret", "s", "heartbeat"}, print)).isEqualTo(2);
        assertThat(DeviceSim.run(new String[]{"--api", "http://127.0.0.1:9", "--keycloak", "http://127.0.0.1:9", "--tenant", "t",
                "--client-id", "c", "--client-secret", "s", "alternative"}, print)).isEqualTo(2);
        assertThat(DeviceSim.run(new String[]{"events", "--listen", "127.0.0.1:0"}, print)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Unknown command fly", "--api must be a URL",
                "alternative needs --pin", "--secret is required");
    }
}
