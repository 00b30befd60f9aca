package io.consentry.accessrights;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * The time at which rights are evaluated (schedules, exceptions, membership periods). One bean, so that tests can
 * replace it with a clock they set instead of waiting for a weekday or an hour to come round.
 */
@ApplicationScoped
public class AccessClock {

    private final Clock clock = Clock.systemUTC();

    public Instant now() {
        return clock.instant();
    }
}
