package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.config.ConfigException;
import io.intercomsync.mapping.MappingException;
import io.intercomsync.mapping.MappingLoader;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target's Singer config file (JSON); every key is in docs/target.md. {@code reserved_field_overrides}
 * maps an Intercom contact field (2.x name, or {@code user_id} for external_id) to the source field that
 * feeds it; its keys are checked here. {@link #toString()} masks the token.
 */
public record TargetConfig(String accessToken, String usersStream, Map<String, String> overrides, URI baseUrl,
                           String apiVersion, boolean createMissingAttributes, String stateUrl, Path errorsFile,
                           int maxAttempts, long retryDelayMs, long maxRetryDelayMs, int maxInFlight,
                           Duration requestTimeout, String userAgent) {

    public static TargetConfig load(Path file) {
        return from(JsonConfig.read(file, "target config"));
    }

    public static TargetConfig from(JsonNode n) {
        JsonConfig c = new JsonConfig(n, "target config");
        String token = c.text("access_token", null);
        if (token == null || token.isBlank()) {
            throw new ConfigException("access_token is missing from the target config");
        }
        String base = c.textLike("base_url", "intercom.base-url");
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("base_url '" + base + "' is not a URL");
        }
        String stateUrl = c.textLike("state_url", "state.url");
        if (!stateUrl.startsWith("jdbc:sqlite:") && !stateUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("state_url is not supported: use jdbc:sqlite:<file> or jdbc:postgresql://host[:port]/database");
        }
        TargetConfig config = new TargetConfig(token,
                c.text("users_stream", "users"),
                overrides(c.object("reserved_field_overrides")),
                baseUrl,
                c.textLike("api_version", "intercom.api-version"),
                c.flag("create_missing_attributes", true),
                stateUrl,
                Path.of(c.text("errors_file", "out/target_errors.csv")),
                (int) c.number("max_attempts", "intercom.max-attempts"),
                (long) c.number("retry_delay_ms", "intercom.retry-delay-ms"),
                (long) c.number("max_retry_delay_ms", "intercom.max-retry-delay-ms"),
                (int) c.number("max_in_flight", "intercom.max-in-flight"),
                Duration.ofMillis((long) (c.number("request_timeout", 30, 1, 3600) * 1000)),
                c.text("user_agent", "intercom-sync"));
        c.refuseUnknownKeys();
        if (config.maxRetryDelayMs() < config.retryDelayMs()) {
            throw new ConfigException("max_retry_delay_ms=" + config.maxRetryDelayMs() + " is below retry_delay_ms="
                    + config.retryDelayMs() + " in the target config: the longest wait cannot be shorter than the first");
        }
        return config;
    }

    private static Map<String, String> overrides(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ConfigException("reserved_field_overrides in the target config must be an object of Intercom field to source field");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field;
            try {
                field = MappingLoader.contactField(e.getKey(), "reserved_field_overrides." + e.getKey());
            } catch (MappingException m) {
                throw new ConfigException(m.getMessage());
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new ConfigException("reserved_field_overrides." + e.getKey() + " must name a source field");
            }
            if (out.put(field, e.getValue().asText()) != null) {
                throw new ConfigException("reserved_field_overrides maps " + field + " twice (" + e.getKey() + "); keep one");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TargetConfig[accessToken=****, usersStream=" + usersStream + ", baseUrl=" + baseUrl
                + ", apiVersion=" + apiVersion + "]";
    }
}
