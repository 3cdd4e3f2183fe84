package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.config.ConfigException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The tap's Singer config file (JSON). Singer keys: {@code access_token}, {@code start_date},
 * {@code request_timeout} (seconds), {@code user_agent}; ours: {@code base_url}, {@code api_version},
 * {@code max_attempts}, {@code retry_delay_ms}, {@code max_retry_delay_ms}, {@code parts_concurrency}, {@code page_size},
 * {@code search_lag_seconds}, {@code scroll_wait_seconds}, {@code scroll_retry_ms}. {@link #toString()}
 * masks the token.
 */
public record TapConfig(String accessToken, Instant startDate, Duration requestTimeout, String userAgent,
                        URI baseUrl, String apiVersion, int maxAttempts, long retryDelayMs, long maxRetryDelayMs,
                        int partsConcurrency, int pageSize, long searchLagSeconds, long scrollWaitSeconds, long scrollRetryMs) {

    /** The retries of every read, the policy the import and the target use. */
    public io.intercomsync.intercom.RetryPolicy retries() {
        return new io.intercomsync.intercom.RetryPolicy(maxAttempts, Duration.ofMillis(retryDelayMs), Duration.ofMillis(maxRetryDelayMs));
    }

    public static TapConfig load(Path file) {
        return from(JsonConfig.read(file, "tap config"));
    }

    public static TapConfig from(JsonNode n) {
        JsonConfig c = new JsonConfig(n, "tap config");
        String token = c.text("access_token", null);
        if (token == null || token.isBlank()) {
            throw new ConfigException("access_token is missing from the tap config");
        }
        String start = c.text("start_date", null);
        if (start == null) {
            throw new ConfigException("start_date is missing from the tap config (an RFC 3339 date-time, e.g. 2024-01-01T00:00:00Z)");
        }
        Instant startDate = Bookmarks.parseInstant(start);
        if (startDate == null) {
            throw new ConfigException("start_date '" + start + "' is not an RFC 3339 date-time such as 2024-01-01T00:00:00Z");
        }
        String base = c.textLike("base_url", "intercom.base-url");
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("base_url '" + base + "' is not a URL");
        }
        TapConfig config = new TapConfig(token, startDate,
                Duration.ofMillis((long) (c.number("request_timeout", 300, 1, 3600) * 1000)),
                c.text("user_agent", "intercom-sync"),
                baseUrl,
                c.textLike("api_version", "intercom.api-version"),
                (int) c.number("max_attempts", "intercom.max-attempts"),
                (long) c.number("retry_delay_ms", "intercom.retry-delay-ms"),
                (long) c.number("max_retry_delay_ms", "intercom.max-retry-delay-ms"),
                (int) c.number("parts_concurrency", "intercom.max-in-flight"),
                (int) c.number("page_size", 150, 1, 150),
                (long) c.number("search_lag_seconds", 300, 0, 86_400),
                (long) c.number("scroll_wait_seconds", 90, 0, 3600),
                (long) c.number("scroll_retry_ms", 5000, 1, 600_000));
        c.refuseUnknownKeys();
        if (config.maxRetryDelayMs() < config.retryDelayMs()) {
            throw new ConfigException("max_retry_delay_ms=" + config.maxRetryDelayMs() + " is below retry_delay_ms="
                    + config.retryDelayMs() + " in the tap config: the longest wait cannot be shorter than the first");
        }
        return config;
    }

    @Override
    public String toString() {
        return "TapConfig[accessToken=****, startDate=" + startDate + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + "]";
    }
}
