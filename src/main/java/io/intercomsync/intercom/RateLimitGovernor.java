package io.intercomsync.intercom;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Paces requests to Intercom's rate limit: an allowance per 10-second window ({@code X-RateLimit-Limit}),
 * what is left of it ({@code -Remaining}) and, roughly, when it resets ({@code -Reset}, whole epoch
 * seconds, possibly late, possibly absent).
 *
 * <p><b>How many in flight.</b> By Little's law, spending an allowance A per window at a latency of L
 * seconds needs A / 10 s x L requests in flight; the governor keeps that many, times a headroom (1.5 at
 * first, grown when a whole window goes unspent while requests waited for a slot), never more than
 * {@code maxInFlight}. Latency is a moving average of the answers; the allowance is the header's.
 *
 * <p><b>What is left of the window.</b> Every permit carries a sequence number. An answer that says R
 * remain, for permit s, means permits up to s + R fit the window; the lowest such bound over the
 * window's answers (the window's key) minus the newest permit granted is what may still be sent, less
 * a small reserve. This counts exactly what the server counted, without treating every request in
 * flight as spent.
 *
 * <p><b>Where windows begin.</b> The reset header is not trusted to the millisecond: a window's start is
 * learned from the answers, as the moment the key jumps back up (a permit counted in a fresh window),
 * bounded by the send times of the newest permit seen in the old window and the first seen in the new
 * one. Windows repeat every 10 s, so the bounds of successive boundaries intersect. Once known to within
 * a second, the next window opens on its own at the bound's end; until then, when a window is spent,
 * single probes go out (at the learned bound, else near the reset header, else at growing intervals)
 * and the first answer from the new window opens it. An answer showing a window opened too early puts
 * it back, and moves the bound.
 *
 * <p><b>The workspace's share.</b> A 429 while the app's remaining said there was room means the
 * workspace (every app of it shares one limit) is spent: this app's allowance drops to what the window
 * gave it, and grows back by a fiftieth of the limit each window, from the second that passes without another.
 *
 * <p>Without rate-limit headers the server has no limit: up to {@code maxInFlight} go at once. Before
 * the first answer nothing is known, so one request goes first. Thread-safe.
 */
public final class RateLimitGovernor {
    static final long WINDOW_MS = 10_000;
    /** An allowance this large is no limit at all (the sandbox's {@code --rate-limit 0}). */
    static final int NO_LIMIT = 1_000_000;
    static final double FIRST_HEADROOM = 1.5;
    static final double MAX_HEADROOM = 6;
    /** Boundary bounds narrower than this let the next window open without waiting for a probe. */
    static final long SURE_WIDTH_MS = 1_000;
    static final long FIRST_PROBE_SPACING_MS = 100;
    static final long MAX_PROBE_SPACING_MS = 2_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;

    /** One granted request: its place in the sequence and when it was sent. */
    public record Permit(long seq, long sentAtMs) {
    }

    /** A decision: a permit now, or how long to wait (-1: until something changes). */
    record Decision(Permit permit, long waitMs) {
    }

    private final LongSupplier clock;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private boolean answered;       // some answer has come back
    private int limit = -1;         // X-RateLimit-Limit; -1: no limit reported
    private int share = -1;         // after a workspace 429: what this app may spend per window; -1: the limit
    private double latencyMs = -1;  // moving average, send to answer
    private double headroom = FIRST_HEADROOM;

    private long lastSeq;           // the newest permit granted
    private int inFlight;
    private int peakInFlight;

    // the server's current window, as the answers show it
    private boolean windowSeen;
    private boolean windowStartSeen;  // its start was observed (the first window's was not)
    private boolean windowStartUnknown; // opened because too much time had passed, not by a jump: where it began is not known
    private long windowOpenerSeq;   // the permit whose answer (or whose grant, when opened unseen) opened it
    private long windowFirstSeq;    // the first permit that may have counted in it
    private long windowKey;         // permits up to this fit the window
    private final WindowKeys keys = new WindowKeys(); // its answers' keys, whose lowest recent one is windowKey
    private int windowMinRemaining;
    private int windowAccepted;     // answers counted in it that were not 429s
    private long windowLastSeq;     // the newest permit seen counted in it
    private long windowLastSentAt;
    private long windowEarliestAnsweredAt; // a request sent 10 s after this cannot have counted in this window
    private boolean windowOpenedUnseen; // opened from the learned boundary, no answer from it yet
    private boolean windowCut;      // the workspace's share was reached in it
    private int windowsSinceCut;
    private boolean waitedForSlot;  // in it, a request waited for the in-flight target, not for the window
    private boolean waitedForWindow; // in it, a request waited for the next window: it was spent
    private long nextLo = -1;       // bounds, in send time, on when the current window ends; -1 unknown
    private long nextHi = -1;
    private long resetHintMs = -1;
    // the window spent: when the next probe may go
    private long exhaustedSince = -1;
    private long nextProbeAt;
    private long probeSpacing;

    // the window before, still collecting late answers; then totals over full windows
    private boolean previousFull;
    private boolean previousWaitedForSlot;
    private int previousMinRemaining;
    private long previousEarliestAnsweredAt;
    private int previousLimit;
    private int fullWindows;
    private long fullWindowsUsed;
    private long fullWindowsAllowance;
    private long calls;
    private long rateLimitedCalls;

    public RateLimitGovernor(int maxInFlight, LongSupplier epochMillisClock) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.clock = epochMillisClock;
    }

    public RateLimitGovernor(int maxInFlight) {
        this(maxInFlight, System::currentTimeMillis);
    }

    public RateLimitGovernor() {
        this(DEFAULT_MAX_IN_FLIGHT);
    }

    /** Blocks until a request may be sent; every permit must be given back by {@link #release} or {@link #abandon}. */
    public Permit acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Decision d = decide(clock.getAsLong());
                if (d.permit() != null) {
                    return d.permit();
                }
                if (d.waitMs() < 0) {
                    changed.await();
                } else {
                    changed.await(Math.max(1, d.waitMs()), TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The decision alone, at {@code now}: a permit (counted in flight), or how long to wait. For tests. */
    Decision tryAcquire(long now) {
        lock.lock();
        try {
            return decide(now);
        } finally {
            lock.unlock();
        }
    }

    private Decision decide(long now) {
        if (!answered) {
            return inFlight == 0 ? grant(now) : new Decision(null, -1); // the first answer tells the limits
        }
        if (inFlight >= inFlightTarget()) {
            waitedForSlot = true;
            return new Decision(null, -1);
        }
        if (limit < 0 || !windowSeen) {
            return grant(now);
        }
        if (available() > 0) {
            exhaustedSince = -1;
            return grant(now);
        }
        // The window is spent: wait for the next one.
        waitedForWindow = true;
        if (exhaustedSince < 0) {
            exhaustedSince = now;
            probeSpacing = FIRST_PROBE_SPACING_MS;
            nextProbeAt = firstProbeAt(now);
        }
        // Known to within a second: open the next window on time. Otherwise probes find it (never a blind
        // opening: that would send every request in flight into a window that may still be spent).
        long openAt = boundaryKnown() ? nextHi + guardMs() : Long.MAX_VALUE;
        if (now >= openAt) {
            openNextWindowUnseen(now);
            changed.signalAll();
            if (available() > 0) {
                return grant(now);
            }
        }
        if (now >= nextProbeAt) {
            nextProbeAt = now + probeSpacing;
            probeSpacing = Math.min(MAX_PROBE_SPACING_MS, probeSpacing * 2);
            return grant(now);
        }
        return new Decision(null, Math.min(nextProbeAt, openAt) - now);
    }

    private Decision grant(long now) {
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        return new Decision(new Permit(++lastSeq, now), 0);
    }

    /** What this app may spend per window: the limit, or less while the workspace's share holds it back. */
    private int allowance() {
        return share < 0 ? limit : Math.min(share, limit);
    }

    /** Permits that may still go in this window, beyond the reserve kept for the boundary's uncertainty. */
    private long available() {
        long byRemaining = windowKey - lastSeq;
        long byShare = allowance() - (lastSeq - windowFirstSeq + 1);
        return Math.min(byRemaining, byShare) - reserve();
    }

    private int reserve() {
        return Math.max(2, Math.min(10, limit / 100));
    }

    /** Requests in flight the allowance and the latency call for (Little's law), with headroom. */
    private int inFlightTarget() {
        if (limit < 0) {
            return maxInFlight;
        }
        if (latencyMs < 0) {
            return 1;
        }
        double latency = Math.max(1, latencyMs);
        double perMs = allowance() / (double) (WINDOW_MS - Math.min(latency, WINDOW_MS / 2));
        int target = (int) Math.ceil(perMs * latency * headroom);
        return Math.max(1, Math.min(maxInFlight, target));
    }

    private boolean boundaryKnown() {
        return nextLo >= 0 && nextHi >= nextLo && nextHi - nextLo <= SURE_WIDTH_MS;
    }

    /**
     * Margin past the boundary's upper bound. That bound is the send time of a request counted in the new
     * window, so a request slow on its way there makes it early by as much; a quarter of the latency
     * covers that, and costs the window no more than that.
     */
    private long guardMs() {
        return Math.max(50, Math.round(Math.max(0, latencyMs) * 0.25));
    }

    private long firstProbeAt(long now) {
        if (windowStartUnknown && nextLo < 0) {
            probeSpacing = FIRST_PROBE_SPACING_MS;
            return now + FIRST_PROBE_SPACING_MS; // this window may have begun long ago: look soon
        }
        if (nextLo >= 0) {
            long width = nextHi >= nextLo ? nextHi - nextLo : SURE_WIDTH_MS;
            probeSpacing = Math.max(20, Math.min(FIRST_PROBE_SPACING_MS * 5, width / 4));
            return Math.max(now, nextLo);
        }
        // The window began before its earliest answer's request was sent, so it ends within 10 s of it; the
        // reset header, rounded up and sometimes late, is an upper bound too. Probing shortly before the
        // earlier of the two risks a few 429s once; the boundary they find saves every later window.
        long bound = windowEarliestAnsweredAt + WINDOW_MS;
        if (resetHintMs > 0) {
            bound = Math.min(bound, resetHintMs);
        }
        probeSpacing = 2 * FIRST_PROBE_SPACING_MS;
        return Math.max(now, bound - 500);
    }

    /** The boundary is past (as learned, or as long as a window can last): open the next window unseen. */
    private void openNextWindowUnseen(long now) {
        closeWindow(nextLo >= 0);
        windowStartSeen = nextLo >= 0;
        windowOpenerSeq = lastSeq + 1;
        windowFirstSeq = lastSeq + 1;
        keys.clear();
        windowKey = lastSeq + limit; // assumed fresh, until its first answer says
        windowMinRemaining = limit;
        windowLastSeq = lastSeq;
        windowLastSentAt = now;
        windowEarliestAnsweredAt = now;
        windowOpenedUnseen = true;
        if (nextLo >= 0) {
            nextLo += WINDOW_MS;
            nextHi = nextHi >= 0 ? nextHi + WINDOW_MS : -1;
        }
        beginWindow();
    }

    /**
     * Gives back a permit whose request was answered: its rate-limit headers (null when absent) and
     * whether it was a 429.
     */
    public void release(Permit permit, Integer limitHeader, Integer remainingHeader, Long resetEpochSeconds,
                        boolean rateLimited) {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            long now = clock.getAsLong();
            calls++;
            if (rateLimited) {
                rateLimitedCalls++;
            }
            double sample = Math.max(0, now - permit.sentAtMs());
            latencyMs = latencyMs < 0 ? sample : latencyMs * 0.8 + sample * 0.2;
            boolean wakeAll = !answered;
            answered = true;
            if (resetEpochSeconds != null && resetEpochSeconds > 0) {
                resetHintMs = resetEpochSeconds * 1000;
            }
            if (limitHeader != null) {
                int reported = limitHeader <= 0 || limitHeader >= NO_LIMIT ? -1 : limitHeader;
                if (reported != limit) {
                    limit = reported;
                    wakeAll = true;
                }
            }
            if (limit > 0 && (remainingHeader != null || rateLimited)) {
                wakeAll |= observe(permit, remainingHeader == null ? 0 : Math.max(0, remainingHeader), rateLimited,
                        remainingHeader != null, now);
            }
            if (wakeAll) {
                changed.signalAll();
            } else {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a permit whose request got no answer at all: nothing is learned. */
    public void abandon(Permit permit) {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Reads one answer's remaining; true when a new window opened (everyone waiting should look again). */
    private boolean observe(Permit p, int remaining, boolean rateLimited, boolean remainingReported, long now) {
        // A 429 means the app's window is spent, unless its remaining still showed room: then it is the workspace's.
        boolean workspaceSpent = rateLimited && remainingReported && remaining > reserve();
        int counted = rateLimited && !workspaceSpent ? 0 : remaining;
        long key = rateLimited && !workspaceSpent ? p.seq() : remaining + p.seq();
        if (!windowSeen) {
            windowSeen = true;
            windowOpenerSeq = p.seq();
            windowFirstSeq = 1;
            restartKeys(key, rateLimited && !workspaceSpent);
            windowMinRemaining = counted;
            windowAccepted = rateLimited ? 0 : 1;
            windowLastSeq = p.seq();
            windowLastSentAt = p.sentAtMs();
            windowEarliestAnsweredAt = now;
            return true;
        }
        if (p.seq() < windowFirstSeq) {
            previousMinRemaining = Math.min(previousMinRemaining, counted); // a late answer from the window before
            return false;
        }
        // Within a window, keys differ only by requests that overtook one another on the way: at most about
        // as many as are in flight together (four times that, to be sure). A jump beyond that is a new window;
        // one missed (a window barely used) only makes the next look spent early, and a probe finds it.
        long tolerance = Math.max(5, Math.min(limit / 4, 4L * Math.max(inFlightTarget(), inFlight + 1)));
        // Or later than a window lasts: sent 10 s after an answer this window gave, it counted in a later one.
        boolean later = p.sentAtMs() >= windowEarliestAnsweredAt + WINDOW_MS;
        if (!rateLimited && (key > windowKey + tolerance || later)) {
            openObservedWindow(p, remaining, key, now, key > windowKey + tolerance);
            return true;
        }
        if (!workspaceSpent && key < windowKey - tolerance && p.seq() < windowOpenerSeq) {
            // sent before the answer that opened this window, and counted in the window before
            previousMinRemaining = Math.min(previousMinRemaining, counted);
            windowFirstSeq = Math.max(windowFirstSeq, p.seq() + 1);
            return false;
        }
        if (!workspaceSpent && windowOpenedUnseen && (rateLimited || key < windowKey - tolerance)) {
            reopenPreviousWindow(p, key, counted, rateLimited);
            return false;
        }
        if (workspaceSpent) {
            // Refused while the app still had room: the workspace's limit, shared with other apps, is spent.
            long gave = Math.max(windowAccepted, p.seq() - windowFirstSeq);
            share = (int) Math.max(1, Math.min(allowance(), gave));
            windowCut = true;
        }
        windowOpenedUnseen = false;
        // a workspace 429 leaves the app's count as reported: the cut allowance is what stops the window
        noteKey(key, rateLimited && !workspaceSpent);
        windowMinRemaining = Math.min(windowMinRemaining, counted);
        if (!rateLimited) {
            windowAccepted++;
        }
        if (p.seq() > windowLastSeq) {
            windowLastSeq = p.seq();
            windowLastSentAt = p.sentAtMs();
        }
        windowEarliestAnsweredAt = Math.min(windowEarliestAnsweredAt, now);
        return false;
    }

    /**
     * Remaining jumped back up: this permit counted in a window that began after the newest permit seen in
     * the old one was sent, and no later than this one was.
     */
    private void openObservedWindow(Permit p, int remaining, long key, long now, boolean jumped) {
        long lo = windowLastSentAt;
        long hi = p.sentAtMs();
        if (!jumped) {
            // Seen only because too much time passed: the boundary (or two) lies somewhere in between, where
            // a jump too small to tell from reordering was missed. Nothing learned; probes will find the next.
            closeWindow(false);
            nextLo = -1;
            nextHi = -1;
            windowStartSeen = false;
            windowStartUnknown = true;
            startWindowWith(p, remaining, key, now);
            return;
        }
        windowStartUnknown = false;
        boolean ordered = p.seq() > windowLastSeq && !windowOpenedUnseen && hi >= lo;
        // The boundary expected (when known) or a later one, after idle windows nobody saw.
        boolean expected = nextHi >= 0 && hi <= nextHi + WINDOW_MS / 2;
        closeWindow(windowStartSeen && (nextHi < 0 || expected));
        if (ordered) {
            if (expected && nextLo >= 0) {
                long newLo = Math.max(lo, nextLo);
                long newHi = Math.min(hi, nextHi);
                if (newLo <= newHi) { // else the boundary moved, or jitter misled an earlier bound: start again
                    lo = newLo;
                    hi = newHi;
                }
            } else if (nextLo >= 0 && nextHi < 0 && hi >= nextLo) {
                lo = Math.max(lo, nextLo);
            }
            nextLo = lo + WINDOW_MS;
            nextHi = hi + WINDOW_MS;
        } else if (nextHi >= 0 && hi <= nextHi + WINDOW_MS / 2) {
            nextHi = Math.min(nextHi, hi) + WINDOW_MS;
            nextLo = nextLo >= 0 ? Math.min(nextLo + WINDOW_MS, nextHi) : -1;
        }
        windowStartSeen = ordered || expected;
        startWindowWith(p, remaining, key, now);
    }

    /** The current window is the one this answer counted in: the first answer known from it. */
    private void startWindowWith(Permit p, int remaining, long key, long now) {
        windowOpenerSeq = p.seq();
        windowFirstSeq = Math.min(windowLastSeq + 1, p.seq());
        restartKeys(key, false);
        windowMinRemaining = remaining;
        windowLastSeq = p.seq();
        windowLastSentAt = p.sentAtMs();
        windowEarliestAnsweredAt = now;
        windowOpenedUnseen = false;
        beginWindow();
        windowAccepted = 1;
    }

    private void restartKeys(long key, boolean hard) {
        keys.clear();
        noteKey(key, hard);
    }

    private void noteKey(long key, boolean hard) {
        windowKey = keys.note(key, hard, 2 * inFlightTarget());
    }

    /** Opened too early: this permit still counted in the window before. Puts that window back. */
    private void reopenPreviousWindow(Permit p, long key, int counted, boolean rateLimited) {
        windowOpenedUnseen = false;
        windowStartSeen = previousFull;
        windowFirstSeq = Math.max(1, windowFirstSeq - 1); // not known: the unseen window's first permits count here
        windowOpenerSeq = 0;
        restartKeys(key, rateLimited);
        windowMinRemaining = Math.min(previousMinRemaining, counted);
        windowEarliestAnsweredAt = previousEarliestAnsweredAt;
        windowLastSeq = p.seq();
        windowLastSentAt = p.sentAtMs();
        waitedForSlot |= previousWaitedForSlot;
        waitedForWindow = true; // it was spent: that is why it was opened early
        previousFull = false; // its totals are this window's again
        if (nextLo >= 0) {
            long lo = Math.max(nextLo - WINDOW_MS, p.sentAtMs());
            long hi = nextHi >= 0 ? nextHi - WINDOW_MS : -1;
            nextLo = lo;
            nextHi = hi >= lo ? hi : -1;
        }
    }

    /** Moves the window that ends now to "before", where late answers still reach it, and the one before that to the totals. */
    private void closeWindow(boolean full) {
        commitPrevious();
        // Counted only when there was more to send than it took (a request waited for a slot or for the next
        // window): the window in which a run ran out of rows says nothing about the pacing.
        previousFull = full && (waitedForSlot || waitedForWindow);
        previousWaitedForSlot = waitedForSlot;
        previousMinRemaining = windowMinRemaining;
        previousEarliestAnsweredAt = windowEarliestAnsweredAt;
        previousLimit = limit;
    }

    private void commitPrevious() {
        if (!previousFull) {
            return;
        }
        previousFull = false;
        long used = Math.max(0, previousLimit - previousMinRemaining);
        fullWindows++;
        fullWindowsUsed += used;
        fullWindowsAllowance += previousLimit;
        if (previousWaitedForSlot && used < 0.95 * previousLimit && share < 0) {
            headroom = Math.min(MAX_HEADROOM, headroom * 1.25); // a window went unspent for want of slots
        }
    }

    private void beginWindow() {
        windowAccepted = 0;
        if (windowCut) {
            windowCut = false;
            windowsSinceCut = 0;
        } else if (share >= 0 && ++windowsSinceCut >= 2) {
            share += Math.max(1, limit / 50);
            if (share >= limit) {
                share = -1;
            }
        }
        waitedForSlot = false;
        waitedForWindow = false;
        exhaustedSince = -1;
    }

    /** What the current window still allows, as far as this process knows; -1 when unknown. For metrics. */
    public int headroom() {
        lock.lock();
        try {
            return limit < 0 || !windowSeen ? -1 : (int) Math.max(0, available() + reserve());
        } finally {
            lock.unlock();
        }
    }

    /** The per-window allowance the server reported, or -1. */
    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public Pacing pacing() {
        lock.lock();
        try {
            // The window before is included as it stands: its late answers have had their chance.
            long windows = fullWindows + (previousFull ? 1 : 0);
            long used = fullWindowsUsed + (previousFull ? Math.max(0, previousLimit - previousMinRemaining) : 0);
            long allowed = fullWindowsAllowance + (previousFull ? previousLimit : 0);
            return new Pacing(limit, (int) windows, used, allowed, peakInFlight, inFlightTarget(),
                    Math.max(0, latencyMs), calls, rateLimitedCalls);
        } finally {
            lock.unlock();
        }
    }

    /** Starts counting a run's peak in flight afresh and returns the snapshot its {@link Pacing#since} subtracts. */
    public Pacing startRun() {
        lock.lock();
        try {
            peakInFlight = inFlight;
            return pacing();
        } finally {
            lock.unlock();
        }
    }
}
