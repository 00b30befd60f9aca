package io.consentry.devicekit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When the kit sends a request again, and after how long. The rule is about what the api may already have done:
 * <ul>
 *   <li>A <b>decision</b> (verify, identify, alternative) is not idempotent: it counts a face attempt, consumes a
 *       one-time QR code, counts a wrong PIN towards the lockout. It is sent again only when the api certainly did not
 *       decide: 429 (the rate limit refuses before anything else), 503 (the engine had no memory for the frame, or the
 *       database was out of reach and the transaction rolled back), or a connection that was never opened.</li>
 *   <li>An <b>idempotent</b> call (heartbeat) is also sent again after 502/504/500 and after a connection that broke
 *       or timed out once the request was sent.</li>
 *   <li>No other 4xx is ever retried (the same request would get the same answer); a 401 gets one fresh token and one
 *       more try (the client does that, outside this policy).</li>
 * </ul>
 * The wait is the api's {@code Retry-After} when it sent one (up to {@link #maxRetryAfter}; a longer one is not
 * waited for: the caller gets the error with the api's wait in it), else an exponential back-off with jitter.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public enum Safety { IDEMPOTENT, DECISION }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Three attempts, 200 ms doubling up to 2 s, a Retry-After honoured up to 10 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** One attempt: no retry at all (the simulator's measurements use it so that each sample is one request). */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before the next attempt, or empty to give up.
     *
     * @param attempt    the attempt that just ended (1 for the first)
     * @param status     its HTTP status, or 0 when no answer came back
     * @param sent       whether the request left the device (false: the connection was never opened)
     * @param retryAfter the answer's Retry-After, if any
     * @param jitter     a random number in [0, 1): spreads the retries of many devices
     */
    public Optional<Duration> nextDelay(Safety safety, int attempt, int status, boolean sent, Duration retryAfter, double jitter) {
        if (attempt >= maxAttempts || !retryable(safety, status, sent)) {
            return Optional.empty();
        }
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) <= 0 ? Optional.of(retryAfter) : Optional.empty();
        }
        long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        // "Equal jitter": at least half the back-off, so a retry never comes at once, spread over the other half.
        return Optional.of(Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * Math.max(0, Math.min(jitter, 1)))));
    }

    static boolean retryable(Safety safety, int status, boolean sent) {
        if (status == 0) {
            return !sent || safety == Safety.IDEMPOTENT;
        }
        if (status == 429 || status == 503) {
            return true;
        }
        if (status == 500 || status == 502 || status == 504) {
            return safety == Safety.IDEMPOTENT;
        }
        return false;
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. Never negative. */
    public static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
