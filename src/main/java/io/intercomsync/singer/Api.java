package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.RateLimitedException;
import io.intercomsync.intercom.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads from Intercom through the shared {@link IntercomClient} (so the one {@code RateLimitGovernor}
 * paces every call, from every thread), retrying retryable failures (429, 5xx, no answer, empty body)
 * up to {@code max_attempts} with exponential backoff; a 429 waits only for the governor's window reset.
 */
class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final long MAX_BACKOFF_MS = 30_000;

    private final IntercomClient client;
    private final int maxAttempts;
    private final long retryDelayMs;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    Api(IntercomClient client, int maxAttempts, long retryDelayMs) {
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.retryDelayMs = retryDelayMs;
    }

    /** One request, retried while it fails retryably; the last failure escapes. */
    JsonNode read(String method, String pathAndQuery, String operation, Object body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(method, pathAndQuery, operation, body);
            } catch (RetryableException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                pause(e, attempt, operation);
            }
        }
    }

    /** One request, not retried: for the companies scroll, where a failed page cannot simply be asked again. */
    JsonNode once(String method, String pathAndQuery, String operation, Object body) {
        calls.incrementAndGet();
        return client.call(method, pathAndQuery, operation, body, false);
    }

    /** Waits before attempt {@code attempt + 1} of a request that failed retryably; counts the retry. */
    void pause(RetryableException e, int attempt, String operation) {
        retries.incrementAndGet();
        long delay = e instanceof RateLimitedException ? 0
                : Math.min(MAX_BACKOFF_MS, retryDelayMs * (1L << Math.min(16, attempt - 1)));
        LOG.info("{} failed ({}); attempt {} of {} in {} ms", operation, e.getMessage(), attempt + 1, maxAttempts, delay);
        sleep(delay);
    }

    int maxAttempts() {
        return maxAttempts;
    }

    long calls() {
        return calls.get();
    }

    long retries() {
        return retries.get();
    }

    static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TapException("the tap was interrupted");
        }
    }
}
