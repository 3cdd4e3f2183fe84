package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.config.ConfigException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The tap's Singer config file (JSON). Singer keys: {@code access_token}, {@code start_date},
 * {@code request_timeout} (seconds), {@code user_agent}; ours: {@code base_url}, {@code api_version},
 * {@code max_attempts}, {@code retry_delay_ms}, {@code parts_concurrency}, {@code page_size},
 * {@code search_lag_seconds}, {@code scroll_wait_seconds}, {@code scroll_retry_ms}. {@link #toString()}
 * masks the token.
 */
public record TapConfig(String accessToken, Instant startDate, Duration requestTimeout, String userAgent,
                        URI baseUrl, String apiVersion, int maxAttempts, long retryDelayMs, int partsConcurrency,
                        int pageSize, long searchLagSeconds, long scrollWaitSeconds, long scrollRetryMs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static TapConfig load(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the tap config " + file + ": " + Catalog.reason(e));
        }
        if (n == null || !n.isObject()) {
            throw new ConfigException("the tap config " + file + " must be a JSON object");
        }
        return from(n);
    }

    public static TapConfig from(JsonNode n) {
        String token = text(n, "access_token", null);
        if (token == null || token.isBlank()) {
            throw new ConfigException("access_token is missing from the tap config");
        }
        String start = text(n, "start_date", null);
        if (start == null) {
            throw new ConfigException("start_date is missing from the tap config (an RFC 3339 date-time, e.g. 2024-01-01T00:00:00Z)");
        }
        Instant startDate = Bookmarks.parseInstant(start);
        if (startDate == null) {
            throw new ConfigException("start_date '" + start + "' is not an RFC 3339 date-time such as 2024-01-01T00:00:00Z");
        }
        String base = text(n, "base_url", "https://api.intercom.io");
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("base_url '" + base + "' is not a URL");
        }
        return new TapConfig(token, startDate,
                Duration.ofMillis((long) (number(n, "request_timeout", 300, 1, 3600) * 1000)),
                text(n, "user_agent", "intercom-sync"),
                baseUrl,
                text(n, "api_version", "2.16"),
                (int) number(n, "max_attempts", 50, 1, 1000),
                (long) number(n, "retry_delay_ms", 500, 0, 600_000),
                (int) number(n, "parts_concurrency", 8, 1, 64),
                (int) number(n, "page_size", 150, 1, 150),
                (long) number(n, "search_lag_seconds", 300, 0, 86_400),
                (long) number(n, "scroll_wait_seconds", 90, 0, 3600),
                (long) number(n, "scroll_retry_ms", 5000, 1, 600_000));
    }

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(key + " in the tap config must be a string");
        }
        return v.asText();
    }

    /** Numbers may be given as JSON numbers or numeric strings (Singer configs often carry strings). */
    private static double number(JsonNode n, String key, double dflt, double min, double max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return dflt;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " in the tap config must be a number, not '" + v.asText() + "'");
            }
        }
        if (d < min || d > max) {
            throw new ConfigException(key + " in the tap config must be between " + (long) min + " and " + (long) max);
        }
        return d;
    }

    @Override
    public String toString() {
        return "TapConfig[accessToken=****, startDate=" + startDate + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + "]";
    }
}
