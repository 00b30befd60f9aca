package io.consentry.faults;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiFunction;

/**
 * One operation repeated on fresh subjects at a steady pace by its own thread, before, during and after a fault, so
 * that the fault lands in the middle of the operation's traffic. Each subject is used once: an attempt that was refused
 * leaves its subject in whatever state the refusal left it, which the invariants then check.
 */
final class Workload {

    private final String operation;
    private final Deque<String> subjects;
    private final BiFunction<String, String, Attempt> attempt;
    private final long pacingMillis;
    private final FaultClock clock;
    private final int reserve;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * {@code attempt} takes the operation's name and a subject id and performs the operation once. While the fault
     * lasts, the last {@code reserve} subjects are kept for after it, however long it lasts.
     */
    Workload(String operation, List<String> subjects, long pacingMillis, FaultClock clock, int reserve,
             BiFunction<String, String, Attempt> attempt) {
        this.operation = operation;
        this.subjects = new ConcurrentLinkedDeque<>(subjects);
        this.attempt = attempt;
        this.pacingMillis = pacingMillis;
        this.clock = clock;
        this.reserve = reserve;
        this.thread = new Thread(this::run, "fault-" + operation);
        this.thread.setDaemon(true);
    }

    String operation() {
        return operation;
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!stopped && !subjects.isEmpty()) {
            boolean held = clock.phaseOf(java.time.Instant.now()) != Attempt.Phase.AFTER && clock.faultBegan()
                    && subjects.size() <= reserve;
            String subject = held ? null : subjects.poll();
            if (subject != null) {
                Attempt done = attempt.apply(operation, subject);
                synchronized (attempts) {
                    attempts.add(done);
                }
            }
            try {
                // Pacing, not waiting for a condition: the workload is traffic, spread over the fault window.
                Thread.sleep(pacingMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops after the attempt in flight (each is bounded by the client's timeout). */
    void stop() throws InterruptedException {
        stopped = true;
        thread.join(120_000);
        if (thread.isAlive()) {
            throw new IllegalStateException(operation + " workload did not stop");
        }
    }

    boolean exhausted() {
        return subjects.isEmpty();
    }

    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    long count(Attempt.Phase phase, boolean succeeded) {
        return attempts().stream().filter(a -> a.phase() == phase && a.succeeded() == succeeded).count();
    }

    long answered(Attempt.Phase phase) {
        return attempts().stream().filter(a -> a.phase() == phase).count();
    }
}
