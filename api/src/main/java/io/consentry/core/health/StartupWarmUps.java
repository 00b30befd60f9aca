package io.consentry.core.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warm-ups a replica runs in the background at start-up (the code of a gallery load, run on synthetic data so that
 * the first real load does not wait for the JIT), and whether they are over.
 * <p>
 * Why readiness waits for them ({@link WarmUpReadiness}): a replica the autoscaler adds meets every tenant's gallery
 * cold, and a load that starts while a warm-up still runs competes with it for the same cores. For the few seconds a
 * warm-up takes the Service sends that traffic to the replicas already warm. A warm-up is over when it finished or
 * failed (it only ever saves time), and readiness stops waiting for it after {@code consentry.warm-up.max-wait} in any
 * case, so a stuck warm-up costs speed, never availability.
 */
@ApplicationScoped
public class StartupWarmUps {

    private static final Logger LOG = Logger.getLogger(StartupWarmUps.class);

    /** What one warm-up is doing: running, done (with its time) or skipped (with the reason). */
    public record State(String status, String detail) {
        boolean over() {
            return !status.equals("running");
        }
    }

    private final long maxWaitNanos;
    private final long createdAt = System.nanoTime();
    private final Map<String, State> states = new TreeMap<>();
    private boolean started;

    StartupWarmUps(@ConfigProperty(name = "consentry.warm-up.max-wait", defaultValue = "60s") Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** A warm-up's work: runs once, returns what it did in a few words for the log. */
    @FunctionalInterface
    public interface Work {
        String run() throws Exception;
    }

    /**
     * Runs {@code work} on a thread of its own and records it; call it from the warm-up's own start-up observer. A
     * failure is logged and counts as over: without the warm-up only the first real work is slower. Returns the thread.
     */
    public Thread start(String name, Work work) {
        begin(name);
        Thread thread = new Thread(() -> {
            long started = System.nanoTime();
            try {
                String done = work.run();
                long millis = (System.nanoTime() - started) / 1_000_000;
                finished(name, millis);
                LOG.infof("Start-up warm-up '%s' done in %d ms: %s", name, millis, done);
            } catch (Exception e) {
                skipped(name, e.getClass().getSimpleName());
                LOG.warnf("Start-up warm-up '%s' skipped: %s", name, e.toString());
            }
        }, name + "-warm-up");
        thread.setDaemon(true); // never holds the api up at shutdown
        thread.start();
        return thread;
    }

    synchronized void begin(String name) {
        states.put(name, new State("running", ""));
    }

    synchronized void finished(String name, long millis) {
        states.put(name, new State("done", millis + " ms"));
    }

    synchronized void skipped(String name, String reason) {
        states.put(name, new State("skipped", reason));
    }

    /**
     * After every other start-up observer (the warm-ups begin in theirs): before this, a readiness probe cannot know
     * whether a warm-up is still to begin.
     */
    void afterStartup(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        synchronized (this) {
            started = true;
        }
    }

    /** Ready to take traffic as far as the warm-ups go: start-up is through and each one is over, or waiting timed out. */
    public synchronized boolean over() {
        return started && (states.values().stream().allMatch(State::over) || waitedTooLong());
    }

    public synchronized boolean waitedTooLong() {
        return System.nanoTime() - createdAt > maxWaitNanos;
    }

    public synchronized Map<String, State> states() {
        return Collections.unmodifiableMap(new TreeMap<>(states));
    }
}
