package io.consentry.devicekit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.consentry.devicekit.RetryPolicy.Safety.DECISION;
import static io.consentry.devicekit.RetryPolicy.Safety.IDEMPOTENT;
import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.defaults();

    @Test
    void decisionsAreRetriedOnlyWhenTheApiCertainlyDidNotDecide() {
        assertThat(policy.nextDelay(DECISION, 1, 429, true, null, 0)).isPresent();
        assertThat(policy.nextDelay(DECISION, 1, 503, true, null, 0)).isPresent();
        assertThat(policy.nextDelay(DECISION, 1, 0, false, null, 0)).as("connection never opened").isPresent();
        assertThat(policy.nextDelay(DECISION, 1, 0, true, null, 0)).as("sent, no answer: may have decided").isEmpty();
        assertThat(policy.nextDelay(DECISION, 1, 502, true, null, 0)).isEmpty();
        assertThat(policy.nextDelay(DECISION, 1, 504, true, null, 0)).isEmpty();
        assertThat(policy.nextDelay(DECISION, 1, 500, true, null, 0)).isEmpty();
    }

    @Test
    void idempotentCallsAreRetriedOnServerErrorsAndBrokenConnectionsToo() {
        for (int status : new int[]{0, 429, 500, 502, 503, 504}) {
            assertThat(policy.nextDelay(IDEMPOTENT, 1, status, true, null, 0)).as("status " + status).isPresent();
        }
    }

    @Test
    void noOtherClientErrorIsEverRetried() {
        for (int status : new int[]{400, 401, 403, 404, 409, 413, 415, 422}) {
            assertThat(policy.nextDelay(IDEMPOTENT, 1, status, true, null, 0)).as("status " + status).isEmpty();
            assertThat(policy.nextDelay(DECISION, 1, status, true, null, 0)).as("status " + status).isEmpty();
        }
    }

    @Test
    void theBackOffDoublesWithJitterUpToItsCapAndStopsAfterTheLastAttempt() {
        assertThat(policy.nextDelay(IDEMPOTENT, 1, 503, true, null, 0)).contains(Duration.ofMillis(100));
        assertThat(policy.nextDelay(IDEMPOTENT, 1, 503, true, null, 0.999)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMillis(199), Duration.ofMillis(200)));
        assertThat(policy.nextDelay(IDEMPOTENT, 2, 503, true, null, 0)).contains(Duration.ofMillis(200));
        RetryPolicy many = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(many.nextDelay(IDEMPOTENT, 9, 503, true, null, 1)).contains(Duration.ofSeconds(2));
        assertThat(policy.nextDelay(IDEMPOTENT, 3, 503, true, null, 0)).isEmpty();
        assertThat(RetryPolicy.none().nextDelay(IDEMPOTENT, 1, 503, true, null, 0)).isEmpty();
    }

    @Test
    void retryAfterIsHonouredUpToTheLimitAndALongerWaitIsLeftToTheCaller() {
        assertThat(policy.nextDelay(DECISION, 1, 429, true, Duration.ofSeconds(3), 0.5)).contains(Duration.ofSeconds(3));
        assertThat(policy.nextDelay(DECISION, 1, 503, true, Duration.ofSeconds(10), 0.5)).contains(Duration.ofSeconds(10));
        assertThat(policy.nextDelay(DECISION, 1, 429, true, Duration.ofSeconds(11), 0.5)).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        assertThat(RetryPolicy.parseRetryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter("Mon, 30 Nov 2026 12:00:05 GMT", now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.parseRetryAfter("Mon, 30 Nov 2026 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("-3", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
    }
}
