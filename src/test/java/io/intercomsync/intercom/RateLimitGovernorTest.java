package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governor against a fake clock. The simulations drive it as the import does (every free worker asks
 * for a permit; answers come back after the latency) against a model of Intercom's windows, and judge it
 * by what that model counted, not by the governor's own view.
 */
class RateLimitGovernorTest {
    private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s

    @Test
    void sendsOneRequestUntilTheFirstAnswerTellsTheLimit() {
        AtomicLong now = new AtomicLong(T0);
        RateLimitGovernor g = new RateLimitGovernor(64, now::get);
        RateLimitGovernor.Decision first = g.tryAcquire(now.get());
        assertThat(first.permit()).isNotNull();
        assertThat(g.tryAcquire(now.get()).permit()).isNull();
        now.addAndGet(200);
        g.release(first.permit(), 1666, 1665, T0 / 1000 + 10, false);
        assertThat(g.limit()).isEqualTo(1666);
        assertThat(g.tryAcquire(now.get()).permit()).isNotNull();
    }

    @Test
    void aRequestWithNoAnswerLetsTheNextOneProbeAgain() {
        AtomicLong now = new AtomicLong(T0);
        RateLimitGovernor g = new RateLimitGovernor(64, now::get);
        RateLimitGovernor.Permit p = g.tryAcquire(now.get()).permit();
        g.abandon(p);
        assertThat(g.tryAcquire(now.get()).permit()).isNotNull();
        assertThat(g.tryAcquire(now.get()).permit()).isNull();
    }

    @Test
    void sizesRequestsInFlightByLittlesLawFromTheAllowanceAndTheLatency() {
        assertThat(targetAfter(1666, 250)).isBetween(60, 70);   // 166.6/s x 0.25 s x 1.5
        assertThat(targetAfter(1666, 1000)).isBetween(270, 290).isGreaterThan(256 - 1);
        assertThat(targetAfter(250, 50)).isEqualTo(2);
        assertThat(targetAfter(250, 800)).isBetween(30, 34);
    }

    private static int targetAfter(int limit, long latencyMs) {
        AtomicLong now = new AtomicLong(T0 + 1_000);
        RateLimitGovernor g = new RateLimitGovernor(1024, now::get);
        int remaining = limit;
        for (int i = 0; i < 30; i++) {
            RateLimitGovernor.Permit p = g.tryAcquire(now.get()).permit();
            now.addAndGet(latencyMs);
            g.release(p, limit, --remaining, null, false);
        }
        return g.pacing().inFlightTarget();
    }

    @Test
    void theUpperBoundCapsRequestsInFlight() {
        Result r = new Sim(1666).latency(1000, 100).maxInFlight(100).run(60_000);
        assertThat(r.peakInFlight).isLessThanOrEqualTo(100);
    }

    @Test
    void withoutRateLimitHeadersEverythingGoesAtOnceUpToTheBound() {
        AtomicLong now = new AtomicLong(T0);
        RateLimitGovernor g = new RateLimitGovernor(8, now::get);
        g.release(g.tryAcquire(now.get()).permit(), null, null, null, false);
        int granted = 0;
        while (g.tryAcquire(now.get()).permit() != null) {
            granted++;
        }
        assertThat(granted).isEqualTo(8);
        assertThat(g.headroom()).isEqualTo(-1);
    }

    @Test
    void aNoLimitAllowanceIsNoLimit() {
        AtomicLong now = new AtomicLong(T0);
        RateLimitGovernor g = new RateLimitGovernor(8, now::get);
        g.release(g.tryAcquire(now.get()).permit(), Integer.MAX_VALUE, Integer.MAX_VALUE, null, false);
        int granted = 0;
        while (g.tryAcquire(now.get()).permit() != null) {
            granted++;
        }
        assertThat(granted).isEqualTo(8);
    }

    @Test
    void countsWhatTheServerCountedNotEveryRequestInFlightAsSpent() {
        AtomicLong now = new AtomicLong(T0 + 1_000);
        RateLimitGovernor g = new RateLimitGovernor(1024, now::get);
        RateLimitGovernor.Permit first = g.tryAcquire(now.get()).permit();
        now.addAndGet(5_000); // a latency that calls for more in flight than the window has
        g.release(first, 20, 19, null, false); // permits up to 1 + 19 = 20 fit; 2 kept in reserve
        int granted = 0;
        while (g.tryAcquire(now.get()).permit() != null) {
            granted++;
        }
        assertThat(granted).isEqualTo(17);
    }

    @Test
    void fillsEveryWindowAtAnOddPhaseWithAnExactResetHeader() {
        Result r = new Sim(1666).latency(250, 100).phase(3_737).reset(Reset.EXACT).run(80_000);
        assertThat(r.fullWindowsUsed()).isGreaterThanOrEqualTo(0.97);
        assertThat(r.rateLimitedShare()).isLessThan(0.01);
        assertThat(r.governorUsed).isCloseTo(r.fullWindowsUsed(), org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void fillsEveryWindowWhenTheResetHeaderIsLateByUpToTwoSeconds() {
        Result r = new Sim(250).latency(800, 200).phase(6_120).reset(Reset.LATE).run(80_000);
        assertThat(r.fullWindowsUsed()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.rateLimitedShare()).isLessThan(0.01);
    }

    @Test
    void fillsEveryWindowWithNoResetHeaderAtAll() {
        Result r = new Sim(250).latency(50, 20).phase(1_480).reset(Reset.ABSENT).run(80_000);
        assertThat(r.fullWindowsUsed()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.rateLimitedShare()).isLessThan(0.01);
    }

    /** The bench's matrix, in simulation: every cell fills its full windows without a 429 storm. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} per window, {1} ms, reset {2}")
    @org.junit.jupiter.params.provider.MethodSource("matrix")
    void fillsEveryWindowInEveryCellOfTheMatrix(int limit, int latencyMs, Reset reset) {
        Result r = new Sim(limit).latency(latencyMs, latencyMs / 4).phase(limit * 7L + latencyMs * 3L).reset(reset).run(70_000);
        assertThat(r.fullWindowsUsed()).as("full windows used").isGreaterThanOrEqualTo(0.95);
        assertThat(r.rateLimitedShare()).as("429 share").isLessThan(0.01);
        assertThat(r.governorUsed).as("what the governor reports it used").isCloseTo(r.fullWindowsUsed(), org.assertj.core.data.Offset.offset(0.05));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> matrix() {
        List<org.junit.jupiter.params.provider.Arguments> cells = new ArrayList<>();
        for (int limit : new int[] {250, 1666}) {
            for (int latency : new int[] {50, 250, 800}) {
                for (Reset reset : Reset.values()) {
                    cells.add(org.junit.jupiter.params.provider.Arguments.of(limit, latency, reset));
                }
            }
        }
        return cells.stream();
    }

    @Test
    void learnsWhereWindowsBeginAndLosesLittleTimeThere() {
        Result r = new Sim(1666).latency(250, 100).phase(8_333).reset(Reset.ABSENT).run(80_000);
        // from the fourth window on, the first call counted in each window arrives a few hundred ms at most
        // after it began, and once the boundary is known to within a second, about the guard's quarter latency
        List<Long> late = r.firstArrivalAfterStart.subList(3, r.firstArrivalAfterStart.size() - 1);
        assertThat(late).allSatisfy(ms -> assertThat(ms).isLessThan(500));
        assertThat(late.subList(1, late.size())).allSatisfy(ms -> assertThat(ms).isLessThan(150));
        assertThat(r.rateLimited).isLessThanOrEqualTo(5);
    }

    /**
     * A run whose preflight (one call at a time) ends just before a boundary barely uses its first window:
     * the jump after it is too small to tell from reordering, and must not spoil the windows after.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} per window, {1} ms, reset {2}")
    @org.junit.jupiter.params.provider.MethodSource("matrix")
    void aFirstWindowBarelyUsedIsNotTakenForTheNext(int limit, int latencyMs, Reset reset) {
        int preflight = 6;
        long phase = 500 + preflight * (latencyMs + latencyMs / 8) + 30;
        Result r = new Sim(limit).latency(latencyMs, latencyMs / 4).phase(phase).preflight(preflight).reset(reset).run(70_000);
        assertThat(r.fullWindowsUsed()).as("full windows used").isGreaterThanOrEqualTo(0.95);
        assertThat(r.rateLimitedShare()).as("429 share").isLessThan(0.01);
    }

    @Test
    void backsOffToTheWorkspacesShareWhenRefusedWithRoomLeft() {
        // the app may make 1,666 calls a window, but other apps of the workspace leave it about 900
        Result r = new Sim(1666).latency(250, 100).phase(2_000).reset(Reset.EXACT).workspaceLeaves(900).run(120_000);
        assertThat(r.rateLimitedShare()).isLessThan(0.02);
        assertThat(r.acceptedPerFullWindow()).isGreaterThan(0.85 * 900);
    }

    @Test
    void anotherProcessOnTheSameTokenShowsInRemainingAndCausesNoStorm() {
        Result r = new Sim(1666).latency(250, 100).phase(4_000).reset(Reset.EXACT).sameTokenNeighbour(600).run(80_000);
        assertThat(r.rateLimitedShare()).isLessThan(0.01);
        assertThat(r.acceptedPerFullWindow()).isGreaterThan(0.9 * (1666 - 600));
    }

    // ------------------------------------------------------------------ the model

    enum Reset { EXACT, LATE, ABSENT }

    record Result(Map<Long, int[]> windows, long accepted, long rateLimited, int peakInFlight, double governorUsed,
                  List<Long> firstArrivalAfterStart, int limit) {
        /** Over the windows between the first and the last: what the server counted of ours, as a share. */
        double fullWindowsUsed() {
            return acceptedPerFullWindow() / limit;
        }

        double acceptedPerFullWindow() {
            List<Long> keys = new ArrayList<>(windows.keySet());
            keys.sort(null);
            long sum = 0;
            int n = 0;
            for (Long k : keys.subList(1, keys.size() - 1)) {
                sum += windows.get(k)[0];
                n++;
            }
            return sum / (double) n;
        }

        double rateLimitedShare() {
            return rateLimited / (double) (accepted + rateLimited);
        }
    }

    /** Intercom's windows in miniature, and a client that always has work, driven as an event simulation. */
    static final class Sim {
        private final int limit;
        private long latency = 250;
        private long jitter;
        private long phase;
        private Reset reset = Reset.EXACT;
        private int maxInFlight = 256;
        private int workspaceLeaves = -1;
        private int neighbourPerWindow;
        private int preflightCalls;
        private final Random random = new Random(42);

        Sim(int limit) {
            this.limit = limit;
        }

        Sim latency(long ms, long jitterMs) {
            this.latency = ms;
            this.jitter = jitterMs;
            return this;
        }

        Sim phase(long ms) {
            this.phase = ms;
            return this;
        }

        Sim reset(Reset r) {
            this.reset = r;
            return this;
        }

        Sim maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        Sim workspaceLeaves(int n) {
            this.workspaceLeaves = n;
            return this;
        }

        /** The first n calls go one at a time, as an import's preflight (GET /me, the attributes) does. */
        Sim preflight(int n) {
            this.preflightCalls = n;
            return this;
        }

        Sim sameTokenNeighbour(int perWindow) {
            this.neighbourPerWindow = perWindow;
            return this;
        }

        private record Answer(long at, RateLimitGovernor.Permit permit, Integer remaining, Long reset, boolean refused) {
        }

        Result run(long durationMs) {
            AtomicLong now = new AtomicLong(T0 + 500);
            RateLimitGovernor g = new RateLimitGovernor(maxInFlight, now::get);
            Map<Long, int[]> windows = new HashMap<>(); // window -> {ours accepted, app count, workspace count}
            Map<Long, Long> firstArrival = new HashMap<>();
            PriorityQueue<Answer> answers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
            long accepted = 0;
            long refused = 0;
            long issued = 0;
            long end = now.get() + durationMs;
            while (now.get() < end) {
                long t = now.get();
                while (!answers.isEmpty() && answers.peek().at <= t) {
                    Answer a = answers.poll();
                    g.release(a.permit, limit, a.remaining, a.reset, a.refused);
                }
                long waitMs;
                while (true) {
                    if (issued < preflightCalls && !answers.isEmpty()) {
                        waitMs = -1; // the preflight waits for each answer
                        break;
                    }
                    RateLimitGovernor.Decision d = g.tryAcquire(t);
                    if (d.permit() == null) {
                        waitMs = d.waitMs();
                        break;
                    }
                    issued++;
                    long arrival = t + random.nextInt(20); // a few ms on the way there, overtaking one another
                    long w = Math.floorDiv(arrival - phase, RateLimitGovernor.WINDOW_MS);
                    int[] c = windows.computeIfAbsent(w, k -> new int[3]);
                    long windowEnd = (w + 1) * RateLimitGovernor.WINDOW_MS + phase;
                    // others: the same token's neighbour spread through the window, other apps of the workspace
                    long into = arrival - (windowEnd - RateLimitGovernor.WINDOW_MS);
                    int neighbour = (int) (neighbourPerWindow * into / RateLimitGovernor.WINDOW_MS);
                    int appCount = ++c[1] + neighbour;
                    boolean workspaceFull = workspaceLeaves >= 0 && ++c[2] > workspaceLeaves;
                    boolean refusedHere = appCount > limit || workspaceFull;
                    if (refusedHere) {
                        refused++;
                    } else {
                        c[0]++;
                        accepted++;
                        firstArrival.putIfAbsent(w, arrival - (windowEnd - RateLimitGovernor.WINDOW_MS));
                    }
                    Long resetHeader = switch (reset) {
                        case EXACT -> (long) Math.ceil(windowEnd / 1000.0);
                        case LATE -> (long) Math.ceil((windowEnd + random.nextInt(2_001)) / 1000.0);
                        case ABSENT -> null;
                    };
                    long back = t + latency + (jitter > 0 ? random.nextInt((int) jitter + 1) : 0);
                    answers.add(new Answer(back, d.permit(), Math.max(0, limit - appCount), resetHeader, refusedHere));
                }
                long next = answers.isEmpty() ? t + 1 : answers.peek().at;
                if (waitMs >= 0) {
                    next = Math.min(next, t + Math.max(1, waitMs));
                }
                now.set(Math.max(t + 1, next));
            }
            List<Long> keys = new ArrayList<>(firstArrival.keySet());
            keys.sort(null);
            List<Long> firsts = new ArrayList<>();
            for (Long k : keys) {
                firsts.add(firstArrival.get(k));
            }
            Pacing pacing = g.pacing();
            return new Result(windows, accepted, refused, pacing.peakInFlight(),
                    pacing.allowanceUsed() == null ? 0 : pacing.allowanceUsed(), firsts, limit);
        }
    }
}
