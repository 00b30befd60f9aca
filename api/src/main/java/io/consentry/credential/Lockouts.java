package io.consentry.credential;

import java.time.Duration;

/** How long a credential stays locked: the base lockout, doubled for each lockout since it last opened, capped. */
record Lockouts(Duration base, Duration max) {

    Duration duration(int previousLockouts) {
        Duration duration = base;
        for (int i = 0; i < previousLockouts && duration.compareTo(max) < 0; i++) {
            duration = duration.multipliedBy(2);
        }
        return duration.compareTo(max) > 0 ? max : duration;
    }
}
