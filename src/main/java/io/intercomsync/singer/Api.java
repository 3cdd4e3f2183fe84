package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.intercom.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads from Intercom through the shared {@link IntercomClient} (so the one {@code RateLimitGovernor}
 * paces every call, from every thread), retrying retryable failures (429, 5xx, no answer, empty body)
 * by the shared {@link RetryPolicy} ({@code max_attempts}, {@code retry_delay_ms}, {@code max_retry_delay_ms});
 * a 429 waits only for the governor's window reset.
 */
class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private final IntercomClient client;
    private final RetryPolicy retries;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    Api(IntercomClient client, RetryPolicy retries) {
        this.client = client;
        this.retries = retries;
    }

    /** One request, retried while it fails retryably; the last failure escapes. */
    JsonNode read(String method, String pathAndQuery, String operation, Object body) {
        return retries.call(() -> once(method, pathAndQuery, operation, body), (e, attempt, waitMs) -> {
            retried.incrementAndGet();
            log(e, attempt, operation, waitMs);
        });
    }

    /** One request, not retried: for the companies scroll, where a failed page cannot simply be asked again. */
    JsonNode once(String method, String pathAndQuery, String operation, Object body) {
        calls.incrementAndGet();
        return client.call(method, pathAndQuery, operation, body, false);
    }

    /** Waits before attempt {@code attempt + 1} of a request that failed retryably; counts the retry (the scroll's own loop). */
    void pause(RetryableException e, int attempt, String operation) {
        retried.incrementAndGet();
        long delay = retries.waitMs(attempt, e);
        log(e, attempt, operation, delay);
        sleep(delay);
    }

    private void log(RetryableException e, int attempt, String operation, long delayMs) {
        LOG.info("{} failed ({}); attempt {} of {} in {} ms", operation, e.getMessage(), attempt + 1, retries.maxAttempts(), delayMs);
    }

    int maxAttempts() {
        return retries.maxAttempts();
    }

    long calls() {
        return calls.get();
    }

    long retries() {
        return retried.get();
    }

    /**
     * An id or a scroll_param made safe for a path segment or a query value: percent-encoded, with a space
     * as %20 (valid in both) rather than a form's +.
     */
    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
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
