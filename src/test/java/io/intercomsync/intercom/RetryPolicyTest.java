package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(3));

    @Test
    void theWaitDoublesFromTheFirstDelayUpToTheLongestAndA429WaitsForNothing() {
        RetryableException fiveHundred = new ServerErrorException(503, "service_unavailable", "503");
        assertThat(policy.delayMs(1, fiveHundred)).isEqualTo(500);
        assertThat(policy.delayMs(2, fiveHundred)).isEqualTo(1000);
        assertThat(policy.delayMs(3, fiveHundred)).isEqualTo(2000);
        assertThat(policy.delayMs(4, fiveHundred)).isEqualTo(3000);
        assertThat(policy.delayMs(60, fiveHundred)).isEqualTo(3000);
        assertThat(policy.delayMs(2, new RateLimitedException("429"))).isZero();
    }

    @Test
    void maxAttemptsCountsTheFirstTry() {
        assertThat(policy.again(4)).isTrue();
        assertThat(policy.again(5)).isFalse();
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("longest wait");
    }

    @Test
    void eachWaitIsMovedByUpToFifteenPercentAsTheRoutesRedeliveryMovesItAndStaysWithinTheLongest() {
        RetryableException fiveHundred = new ServerErrorException(503, "service_unavailable", "503");
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long first = policy.waitMs(1, fiveHundred);
            assertThat(first).isBetween(425L, 575L);
            seen.add(first);
            assertThat(policy.waitMs(4, fiveHundred)).isBetween(2550L, 3000L); // the longest wait is a ceiling
        }
        assertThat(seen).as("rows that failed together come back apart").hasSizeGreaterThan(50);
        assertThat(policy.waitMs(2, new RateLimitedException("429"))).isZero();
    }

    /** The waits call() sleeps are the spread ones: calls that failed together do not come back together. */
    @Test
    void callSleepsTheSpreadWaits() {
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(40), Duration.ofMillis(40));
        RetryableException fiveHundred = new ServerErrorException(503, "service_unavailable", "503");
        java.util.Set<Long> waits = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            int[] calls = {0};
            String answer = quick.call(() -> {
                if (calls[0]++ == 0) {
                    throw fiveHundred;
                }
                return "ok";
            }, (failure, attempt, waitMs) -> waits.add(waitMs));
            assertThat(answer).isEqualTo("ok");
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(34L, 40L)).hasSizeGreaterThan(1);
    }
}
