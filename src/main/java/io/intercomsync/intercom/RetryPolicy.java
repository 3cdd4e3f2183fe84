package io.intercomsync.intercom;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a call that failed retryably is tried again, the same for the import's preflight, the tap's
 * reads and (as the routes' redelivery policy, from the same settings) every row: up to
 * {@code maxAttempts} attempts in all, the first retry after {@code delay}, doubling up to
 * {@code maxDelay}, each wait moved by up to {@value #JITTER} either way as the routes' redelivery
 * moves it ({@code useCollisionAvoidance}), so calls that failed together do not all come back together.
 * A 429 waits for nothing here: the rate-limit governor already holds the next request until the window
 * resets.
 */
public record RetryPolicy(int maxAttempts, Duration delay, Duration maxDelay) {
    /** Camel's collision avoidance factor, which the routes' redelivery policy uses. */
    static final double JITTER = 0.15;

    public static final RetryPolicy DEFAULT = new RetryPolicy(50, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("the longest wait cannot be shorter than the first");
        }
    }

    /** Whether a call that failed {@code attempt} times may be tried again. */
    public boolean again(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait before attempt {@code attempt + 1}, after {@code failure} ended attempt {@code attempt}. */
    public long delayMs(int attempt, RetryableException failure) {
        if (failure instanceof RateLimitedException) {
            return 0;
        }
        long first = delay.toMillis();
        long doubled = first << Math.min(30, Math.max(0, attempt - 1));
        return Math.min(maxDelay.toMillis(), doubled < 0 ? Long.MAX_VALUE : doubled);
    }

    /**
     * The wait to sleep before attempt {@code attempt + 1}: {@link #delayMs} moved by up to {@value #JITTER} of
     * itself either way, then held to {@code maxDelay}, in the order Camel's redelivery applies them.
     */
    public long waitMs(int attempt, RetryableException failure) {
        long nominal = delayMs(attempt, failure);
        double variance = java.util.concurrent.ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Math.min(maxDelay.toMillis(), Math.max(0, Math.round(nominal * (1 + variance))));
    }

    /**
     * Runs {@code call}, again after each retryable failure while attempts remain (waiting as
     * {@link #waitMs} says); the last failure escapes. For calls made outside the row routes, whose
     * redelivery Camel does.
     */
    public <T> T call(Supplier<T> call) {
        return call(call, (failure, attempt, waitMs) -> org.slf4j.LoggerFactory.getLogger(RetryPolicy.class)
                .info("{}; attempt {} of {} in {} ms", failure.getMessage(), attempt + 1, maxAttempts, waitMs));
    }

    /** Told of each retry before its wait: the failure, the attempt it ended, the wait. */
    public interface Retrying {
        void before(RetryableException failure, int attempt, long waitMs);
    }

    /** {@link #call(Supplier)}, telling {@code retrying} (to count or log) before each wait. */
    public <T> T call(Supplier<T> call, Retrying retrying) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RetryableException e) {
                if (!again(attempt)) {
                    throw e;
                }
                long wait = waitMs(attempt, e);
                retrying.before(e, attempt, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
