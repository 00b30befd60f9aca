package io.consentry.devicekit.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Latency samples and their nearest-rank percentiles; thread-safe to add to. */
public final class LatencyStats {

    private final List<Long> micros = new ArrayList<>();

    public synchronized void add(Duration latency) {
        micros.add(latency.toNanos() / 1_000);
    }

    public synchronized int count() {
        return micros.size();
    }

    /** Nearest-rank percentile (p in (0, 100]); zero without samples. */
    public synchronized Duration percentile(double p) {
        if (micros.isEmpty()) {
            return Duration.ZERO;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Duration.ofNanos(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) * 1_000);
    }

    public synchronized Duration max() {
        return micros.isEmpty() ? Duration.ZERO : Duration.ofNanos(Collections.max(micros) * 1_000);
    }

    /** {@code p50 12.3 ms, p95 …, p99 …, max …} */
    public String describe() {
        return String.format(Locale.ROOT, "p50 %s, p95 %s, p99 %s, max %s", ms(percentile(50)), ms(percentile(95)),
                ms(percentile(99)), ms(max()));
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
