package io.consentry.faults;

import java.time.Instant;

/** When the current fault began and ended, so that each attempt can be told apart as before, during or after it. */
final class FaultClock {

    private volatile Instant injected;
    private volatile Instant repaired;

    void injected() {
        injected = Instant.now();
    }

    void repaired() {
        repaired = Instant.now();
    }

    boolean faultBegan() {
        return injected != null;
    }

    Attempt.Phase phaseOf(Instant started) {
        if (injected == null || started.isBefore(injected)) {
            return Attempt.Phase.BEFORE;
        }
        return repaired == null || started.isBefore(repaired) ? Attempt.Phase.DURING : Attempt.Phase.AFTER;
    }
}
