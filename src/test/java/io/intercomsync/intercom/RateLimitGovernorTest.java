package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitGovernorTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L); // a window boundary (multiple of 10 s)
    private final RateLimitGovernor governor = new RateLimitGovernor(now::get, 100);

    private long resetSeconds() {
        return now.get() / 1000 + 10;
    }

    @Test
    void sendsOneProbeUntilTheFirstResponseTellsTheLimit() {
        assertThat(governor.tryAcquire(now.get())).isZero();
        assertThat(governor.tryAcquire(now.get())).isPositive();
        governor.release(100, 99, resetSeconds(), false);
        assertThat(governor.tryAcquire(now.get())).isZero();
        assertThat(governor.limit()).isEqualTo(100);
    }

    @Test
    void grantsTheWholeRemainingAllowanceThenWaitsForTheReset() {
        governor.tryAcquire(now.get());
        governor.release(10, 9, resetSeconds(), false);
        int granted = 0;
        while (governor.tryAcquire(now.get()) == 0) {
            granted++;
        }
        assertThat(granted).isEqualTo(9);
        assertThat(governor.tryAcquire(now.get())).isEqualTo(10_000 + 100);
    }

    @Test
    void countsRequestsInFlightAsSpentSoTheyCannotOvershootTheWindow() {
        governor.tryAcquire(now.get());
        governor.release(10, 9, resetSeconds(), false);
        for (int i = 0; i < 5; i++) {
            assertThat(governor.tryAcquire(now.get())).isZero();
        }
        // An answer generated before those five arrived still says 9 remain: 9 - 5 in flight = 4 more.
        governor.release(10, 9, resetSeconds(), false);
        int more = 0;
        while (governor.tryAcquire(now.get()) == 0) {
            more++;
        }
        assertThat(more).isEqualTo(4 + 1); // the released one frees its slot too
    }

    @Test
    void startsAFullWindowAfterTheResetPlusMargin() {
        governor.tryAcquire(now.get());
        governor.release(3, 0, resetSeconds(), false);
        assertThat(governor.tryAcquire(now.get())).isPositive();
        now.addAndGet(10_100);
        int granted = 0;
        while (governor.tryAcquire(now.get()) == 0) {
            granted++;
        }
        assertThat(granted).isEqualTo(3);
    }

    @Test
    void aRateLimitedAnswerHoldsEveryoneUntilTheResetItNames() {
        governor.tryAcquire(now.get());
        governor.release(100, 50, resetSeconds(), false);
        governor.tryAcquire(now.get());
        governor.release(100, 0, resetSeconds(), true);
        assertThat(governor.tryAcquire(now.get() + 9_000)).isEqualTo(1_100);
        assertThat(governor.tryAcquire(now.get() + 10_100)).isZero();
    }

    @Test
    void ignoresLateAnswersFromAWindowThatIsOver() {
        governor.tryAcquire(now.get());
        long oldReset = resetSeconds();
        governor.release(10, 9, oldReset, false);
        now.addAndGet(10_200);
        assertThat(governor.tryAcquire(now.get())).isZero(); // new window, granted
        governor.release(10, 9, oldReset + 10, false);
        governor.release(10, 0, oldReset, false); // late: says nothing about the new window
        assertThat(governor.headroom()).isEqualTo(9);
    }

    @Test
    void letsEveryoneThroughWhenTheServerReportsNoRateLimit() {
        governor.tryAcquire(now.get());
        governor.release(null, null, null, false); // e.g. a dropped connection: probe again
        assertThat(governor.tryAcquire(now.get())).isZero();
        assertThat(governor.tryAcquire(now.get())).isPositive();
    }
}
