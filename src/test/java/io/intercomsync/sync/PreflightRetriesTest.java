package io.intercomsync.sync;

import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.intercom.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightRetriesTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Long> waits = new ArrayList<>();

    private PreflightRetries retries(int maxAttempts, long delayMs, long maxDelayMs, long timeoutMs) {
        return new PreflightRetries(new RetryPolicy(maxAttempts, Duration.ofMillis(delayMs), Duration.ofMillis(maxDelayMs)),
                Duration.ofMillis(timeoutMs), nanos::get, ms -> {
            waits.add(ms);
            nanos.addAndGet(ms * 1_000_000);
        });
    }

    @Test
    void backsOffDoublingUpToTheLongestDelayAndGivesUpAtTheTimeoutNamingIt() {
        PreflightRetries r = retries(50, 500, 4_000, 12_000);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> r.call(() -> {
            calls.incrementAndGet();
            throw new TransportException("GET /me got no answer from api.intercom.io: connection refused", null);
        })).isInstanceOf(PreflightGaveUpException.class)
                .hasMessage("GET /me got no answer from api.intercom.io: connection refused; gave up after 7 attempts in 12 s"
                        + " (intercom.preflight-timeout-ms=12000)");
        // 0.5 + 1 + 2 + 4 + 4 = 11.5 s, then the half second left, then the last attempt at the deadline
        assertThat(waits).containsExactly(500L, 1_000L, 2_000L, 4_000L, 4_000L, 500L);
        assertThat(calls.get()).isEqualTo(7);
    }

    @Test
    void stopsAtTheAttemptLimitFirstWhenItComesFirst() {
        PreflightRetries r = retries(3, 10, 10, 60_000);
        assertThatThrownBy(() -> r.call(() -> {
            throw new TransportException("GET /me timed out", null);
        })).hasMessageEndingWith("gave up after 3 attempts in 0.0 s (intercom.max-attempts=3)");
        assertThat(waits).containsExactly(10L, 10L);
    }

    @Test
    void returnsTheAnswerOnceACallSucceedsAndSharesOneBudgetAcrossCalls() {
        PreflightRetries r = retries(50, 1_000, 1_000, 2_500);
        AtomicInteger calls = new AtomicInteger();
        String me = r.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new TransportException("GET /me got no answer", null);
            }
            return "me";
        });
        assertThat(me).isEqualTo("me");
        assertThat(waits).containsExactly(1_000L, 1_000L);
        // the next call has half a second of the budget left
        assertThatThrownBy(() -> r.call(() -> {
            throw new TransportException("GET /data_attributes got no answer", null);
        })).hasMessageContaining("gave up after");
        assertThat(waits).containsExactly(1_000L, 1_000L, 500L);
    }
}
