package io.consentry.accessrights;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The rights clock of the test run: the system clock unless a test sets a moment (and it must reset it after), so
 * schedules, holidays and membership periods are tested at chosen times instead of by waiting for them.
 */
@Mock
@ApplicationScoped
public class SettableAccessClock extends AccessClock {

    private volatile Instant fixed;

    @Override
    public Instant now() {
        Instant at = fixed;
        return at == null ? super.now() : at;
    }

    public void set(Instant at) {
        fixed = at;
    }

    public void reset() {
        fixed = null;
    }
}
