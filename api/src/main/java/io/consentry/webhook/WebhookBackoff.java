package io.consentry.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again: exponential (initial × 2^(attempt−1), capped) with "equal jitter" — half the delay fixed, half
 * random — so receivers that failed together are not retried in lockstep. After {@code max-attempts} the delivery is
 * dead-lettered. Tests configure a short initial delay instead of sleeping.
 */
@ApplicationScoped
class WebhookBackoff {

    private final Duration initial;
    private final Duration max;
    private final int maxAttempts;

    WebhookBackoff(@ConfigProperty(name = "consentry.webhooks.backoff-initial", defaultValue = "PT10S") Duration initial,
                   @ConfigProperty(name = "consentry.webhooks.backoff-max", defaultValue = "PT1H") Duration max,
                   @ConfigProperty(name = "consentry.webhooks.max-attempts", defaultValue = "8") int maxAttempts) {
        this.initial = initial;
        this.max = max;
        this.maxAttempts = maxAttempts;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** The delay after the {@code attempts}-th failed attempt. */
    Duration after(int attempts) {
        long base = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
