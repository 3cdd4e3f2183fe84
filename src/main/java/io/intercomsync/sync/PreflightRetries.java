package io.intercomsync.sync;

import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.intercom.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retries the calls a run makes before its rows (GET /me, the data attributes) while Intercom cannot be
 * reached or answers 5xx: with the rows' back-off (intercom.retry-delay-ms doubling up to
 * intercom.max-retry-delay-ms) and their attempt limit, but never past intercom.preflight-timeout-ms,
 * and saying on the console before each wait what failed and when it gives up. Without this bound an
 * unreachable host kept a run silently retrying GET /me for 22 minutes.
 *
 * <p>Hand-written instead of Camel's redelivery because that can bound attempts but not time, and
 * cannot say why it waits in a sentence of ours.
 */
public final class PreflightRetries {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightRetries.class);

    /** Waits; interruptible. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final long deadline;

    /** The budget starts now and is shared by every call made through this instance. */
    PreflightRetries(RetryPolicy policy, Duration timeout, LongSupplier nanoTime, Sleeper sleeper) {
        this.policy = policy;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.deadline = nanoTime.getAsLong() + timeout.toNanos();
    }

    static PreflightRetries startingNow(RetryPolicy policy, Duration timeout) {
        return new PreflightRetries(policy, timeout, System::nanoTime, Thread::sleep);
    }

    public <T> T call(Supplier<T> call) {
        int maxAttempts = policy.maxAttempts();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return call.get();
            } catch (RetryableException e) {
                long leftMs = (deadline - nanoTime.getAsLong()) / 1_000_000;
                // the nominal wait, unspread: the calls made through here (startup's, the archiver's at most 16 at
                // once) are too few for a crowd coming back together to matter, and the deadline's arithmetic stays exact
                long wait = Math.min(policy.delayMs(attempt, e), leftMs);
                if (attempt >= maxAttempts || leftMs <= 0) {
                    throw new PreflightGaveUpException(e.getMessage() + "; gave up after " + attempt
                            + (attempt == 1 ? " attempt" : " attempts") + " in " + human(timeout.toMillis() - Math.max(0, leftMs))
                            + (attempt >= maxAttempts ? " (intercom.max-attempts=" + maxAttempts + ")"
                            : " (intercom.preflight-timeout-ms=" + timeout.toMillis() + ")"));
                }
                LOG.info("Intercom is not answering as it should: {}; trying again in {} (attempt {} of at most {}; giving up in {}, intercom.preflight-timeout-ms)",
                        e.getMessage(), human(wait), attempt + 1, maxAttempts, human(leftMs));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new PreflightGaveUpException(e.getMessage() + "; stopped while waiting to try again");
                }
            }
        }
    }

    private static String human(long millis) {
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + " s";
    }
}
