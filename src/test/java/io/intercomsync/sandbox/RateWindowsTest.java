package io.intercomsync.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateWindowsTest {
    private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s

    @Test
    void windowsBeginAtTheirPhaseAndTheResetIsTheirEndRoundedUpToAWholeSecond() {
        RateWindows w = new RateWindows(2, 0, 3_700, RateWindows.ResetHeader.EXACT);
        assertThat(w.arrive("a", T0 + 3_699).resetEpochSeconds()).isEqualTo(T0 / 1000 + 4); // ends at +3.7 s
        RateWindows.Verdict first = w.arrive("a", T0 + 3_700);
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(first.resetEpochSeconds()).isEqualTo(T0 / 1000 + 14);
        assertThat(w.arrive("a", T0 + 5_000).refused()).isFalse();
        RateWindows.Verdict third = w.arrive("a", T0 + 13_699);
        assertThat(third.refused()).isTrue();
        assertThat(third.remaining()).isZero();
        assertThat(w.arrive("a", T0 + 13_700).refused()).isFalse();
        assertThat(w.served("a").values()).extracting(c -> c[0] + "/" + c[1]).containsExactly("1/0", "2/1", "1/0");
    }

    @Test
    void aLateResetIsLateByTheSameAmountForAWholeWindowAndAtMostTwoSeconds() {
        RateWindows w = new RateWindows(100, 0, 0, RateWindows.ResetHeader.LATE);
        for (int window = 0; window < 50; window++) {
            long start = T0 + window * 10_000L;
            long a = w.arrive("a", start).resetEpochSeconds();
            long b = w.arrive("a", start + 9_999).resetEpochSeconds();
            assertThat(a).isEqualTo(b);
            assertThat(a * 1000 - (start + 10_000)).isBetween(0L, 2_000L);
        }
    }

    @Test
    void anAbsentResetHeaderIsLeftOut() {
        assertThat(new RateWindows(5, 0, 0, RateWindows.ResetHeader.ABSENT).arrive("a", T0).resetEpochSeconds()).isNull();
    }

    @Test
    void theWorkspaceLimitIsSharedByItsAppsAndRefusesWhileTheAppStillHasRoom() {
        RateWindows w = new RateWindows(10, 3, 0, RateWindows.ResetHeader.EXACT);
        assertThat(w.arrive("a", T0).refused()).isFalse();
        assertThat(w.arrive("b", T0).refused()).isFalse();
        assertThat(w.arrive("a", T0).refused()).isFalse();
        RateWindows.Verdict refused = w.arrive("b", T0 + 1);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.byWorkspace()).isTrue();
        assertThat(refused.remaining()).isEqualTo(8); // the app's own count: room, as far as it can tell
        assertThat(w.arrive("b", T0 + 10_000).refused()).isFalse();
    }

    @Test
    void noLimitSaysSoInTheHeaders() {
        RateWindows.Verdict v = new RateWindows(0, 0, 0, RateWindows.ResetHeader.EXACT).arrive("a", T0);
        assertThat(v.limit()).isEqualTo(Integer.MAX_VALUE);
        assertThat(v.refused()).isFalse();
    }
}
