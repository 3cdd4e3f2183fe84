package io.intercomsync.intercom;

import java.util.function.LongSupplier;

/**
 * Paces requests to Intercom's rate limit, which is enforced per 10-second window and reported on
 * every response ({@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} in epoch seconds).
 *
 * <p>Strategy: spend the window's allowance as fast as the workers can, then hold every worker until
 * the window resets. A permit is granted while {@code remaining - inFlight > 0}, where remaining is the
 * lowest value the server reported for the current window and inFlight counts requests sent but not
 * yet answered: counting every one of those as already spent is what keeps requests that cross a window
 * boundary from turning into 429s. A 429 holds everyone until the reset it names. Before the first
 * response nothing is known, so a single probe goes first.
 *
 * <p>Thread-safe. {@link #acquire()} blocks; {@link #tryAcquire(long)} is the decision alone, for tests.
 */
public final class RateLimitGovernor {
    static final long WINDOW_MS = 10_000;

    private final LongSupplier clock;
    private final long resetMarginMs;

    private int limit = -1;            // per-window allowance; -1 until a response said
    private long windowEndMs = -1;     // epoch ms at which the current window resets; -1 unknown
    private int remaining = -1;        // lowest remaining reported for the current window
    private int inFlight;              // permits granted whose response has not been reported
    private long blockedUntilMs;       // after a 429: nobody sends before this
    private boolean headersSeen;       // false: no response yet; true with limit -1: server has no limits

    public RateLimitGovernor(LongSupplier epochMillisClock, long resetMarginMs) {
        this.clock = epochMillisClock;
        this.resetMarginMs = resetMarginMs;
    }

    public RateLimitGovernor() {
        this(System::currentTimeMillis, 150);
    }

    /** Blocks until a request may be sent; every call must be followed by exactly one {@link #release}. */
    public void acquire() throws InterruptedException {
        synchronized (this) {
            while (true) {
                long wait = tryAcquire(clock.getAsLong());
                if (wait == 0) {
                    return;
                }
                wait(Math.max(1, wait));
            }
        }
    }

    /**
     * Grants a permit at {@code now} (returns 0, counting it in flight) or says how many milliseconds to
     * wait before asking again (a response arriving meanwhile may allow it sooner).
     */
    synchronized long tryAcquire(long now) {
        if (now < blockedUntilMs) {
            return blockedUntilMs - now;
        }
        if (!headersSeen) {
            if (inFlight == 0) {
                inFlight++;
                return 0;
            }
            return 50; // a probe is out: its response will tell the limits
        }
        if (limit < 0) {
            inFlight++;
            return 0; // the server reports no rate limit
        }
        if (windowEndMs > 0 && now >= windowEndMs + resetMarginMs) {
            long windows = 1 + (now - windowEndMs - resetMarginMs) / WINDOW_MS;
            windowEndMs += windows * WINDOW_MS;
            remaining = limit;
        }
        if (remaining - inFlight > 0) {
            inFlight++;
            return 0;
        }
        if (windowEndMs < 0) {
            // Reset header absent: the window ends at most one window length from now.
            windowEndMs = now + WINDOW_MS;
        }
        return Math.max(1, windowEndMs + resetMarginMs - now);
    }

    /**
     * Reports the end of a request granted by {@link #acquire()}: its rate-limit headers (null when
     * absent, e.g. no response at all) and whether it was answered 429.
     */
    public synchronized void release(Integer limitHeader, Integer remainingHeader, Long resetEpochSeconds, boolean rateLimited) {
        inFlight = Math.max(0, inFlight - 1);
        long now = clock.getAsLong();
        if (limitHeader != null) {
            headersSeen = true;
            limit = limitHeader;
        } else if (!headersSeen && remainingHeader == null && !rateLimited) {
            // No answer or no headers: let the next request probe again.
            notifyAll();
            return;
        }
        long resetMs = resetEpochSeconds == null ? -1 : resetEpochSeconds * 1000;
        if (remainingHeader != null) {
            if (resetMs > 0 && resetMs > windowEndMs) {
                windowEndMs = resetMs;     // a newer window
                remaining = remainingHeader;
            } else if (resetMs < 0 || resetMs == windowEndMs) {
                remaining = remaining < 0 ? remainingHeader : Math.min(remaining, remainingHeader);
            } // else: a late answer from a window that is over; it says nothing about this one
        }
        if (rateLimited) {
            headersSeen = true;
            long until = resetMs > 0 ? resetMs + resetMarginMs : now + WINDOW_MS;
            blockedUntilMs = Math.max(blockedUntilMs, until);
            if (resetMs > 0 && resetMs >= windowEndMs) {
                windowEndMs = resetMs;
                remaining = 0;
            }
        }
        notifyAll();
    }

    /** Permits the current window still has, as far as this process knows; -1 when unknown. For metrics. */
    public synchronized int headroom() {
        return remaining < 0 ? -1 : Math.max(0, remaining - inFlight);
    }

    /** The per-window allowance the server reported, or -1. */
    public synchronized int limit() {
        return limit;
    }
}
