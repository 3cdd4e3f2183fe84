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
}
