package io.consentry.devicekit.sim;

import io.consentry.devicekit.Claim;
import io.consentry.devicekit.Decision;
import io.consentry.devicekit.DeviceClient;
import io.consentry.devicekit.DeviceKitException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Replays camera frames from files against a site, as a gate would: each frame once (or in a loop for a duration),
 * paced at a rate, by one or more workers; prints every decision and a summary. Every request is one sample: the
 * simulator sends no retry of its own unless asked (--retry), so the latencies are those of single requests.
 */
final class Replay {

    enum Mode { VERIFY, IDENTIFY }

    /** What a replay did: counts by outcome, reason and error code, latency of the answered requests, throughput. */
    record Summary(int requests, int decisions, Map<String, Integer> outcomes, Map<String, Integer> reasons,
                   Map<String, Integer> errors, LatencyStats latency, Duration elapsed) {

        double throughput() {
            return elapsed.isZero() ? 0 : requests / (elapsed.toNanos() / 1e9);
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "requests: %d, decisions: %d, errors: %d%n", requests, decisions, requests - decisions);
            out.println("outcomes: " + line(outcomes));
            out.println("reasons: " + line(reasons));
            out.println("errors: " + line(errors));
            out.println("latency: " + latency.describe());
            out.printf(Locale.ROOT, "throughput: %.2f requests/s over %.2f s%n", throughput(), elapsed.toNanos() / 1e9);
        }

        private static String line(Map<String, Integer> counts) {
            if (counts.isEmpty()) {
                return "-";
            }
            StringBuilder b = new StringBuilder();
            counts.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }
    }

    private final DeviceClient client;
    private final Mode mode;
    private final Claim claim;
    private final PrintStream out;

    Replay(DeviceClient client, Mode mode, Claim claim, PrintStream out) {
        this.client = client;
        this.mode = mode;
        this.claim = claim;
        this.out = out;
    }

    static List<Path> frames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> frames = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|bmp|webp)"))
                    .sorted().toList();
            if (frames.isEmpty()) {
                throw new Args.Invalid("No frames (.jpg, .jpeg, .png, .bmp, .webp) in " + folder);
            }
            return frames;
        } catch (IOException e) {
            throw new Args.Invalid("Cannot read the frames folder " + folder + ": " + e.getMessage());
        }
    }

    /**
     * @param count    requests in all (0: every frame once, or as many as the duration allows)
     * @param duration how long to keep replaying, frames in a loop (null: stop after count)
     * @param rate     requests per second over all workers (0: as fast as they go)
     */
    Summary run(List<Path> framePaths, int count, Duration duration, double rate, int workers) throws InterruptedException {
        List<byte[]> frames = new ArrayList<>();
        for (Path p : framePaths) {
            try {
                frames.add(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int total = count > 0 ? count : duration == null ? frames.size() : Integer.MAX_VALUE;
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        LatencyStats latency = new LatencyStats();
        AtomicLong tickets = new AtomicLong();
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        for (int w = 0; w < Math.max(1, workers); w++) {
            pool.execute(() -> {
                while (true) {
                    long i = tickets.getAndIncrement();
                    if (i >= total) {
                        return;
                    }
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    if (System.nanoTime() >= end) {
                        return;
                    }
                    int f = (int) (i % frames.size());
                    String name = framePaths.get(f).getFileName().toString();
                    long sent = System.nanoTime();
                    try {
                        Decision d = mode == Mode.VERIFY ? client.verify(claim, frames.get(f)) : client.identify(frames.get(f));
                        Duration took = Duration.ofNanos(System.nanoTime() - sent);
                        latency.add(took);
                        synchronized (outcomes) {
                            outcomes.merge(d.outcome().name(), 1, Integer::sum);
                            reasons.merge(String.valueOf(d.reason()), 1, Integer::sum);
                        }
                        out.printf(Locale.ROOT, "#%d %s %s %s subject=%s score=%s %s decision=%s%n", i + 1, name, d.outcome(),
                                d.reason(), d.subjectId() == null ? "-" : d.subjectId(),
                                d.score() == null ? "-" : String.format(Locale.ROOT, "%.3f", d.score()),
                                LatencyStats.ms(took), d.decisionId());
                    } catch (DeviceKitException e) {
                        synchronized (outcomes) {
                            errors.merge(e.code(), 1, Integer::sum);
                        }
                        out.printf(Locale.ROOT, "#%d %s ERROR %s (%d) %s%n", i + 1, name, e.code(), e.status(), e.getMessage());
                        if (e instanceof DeviceKitException.DeviceRevoked || e instanceof DeviceKitException.Unauthenticated) {
                            tickets.set(total); // nothing further can succeed
                            return;
                        }
                    }
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            // waits for the workers; a duration bounds them
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int decisions = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        int failed = errors.values().stream().mapToInt(Integer::intValue).sum();
        return new Summary(decisions + failed, decisions, outcomes, reasons, errors, latency, elapsed);
    }
}
