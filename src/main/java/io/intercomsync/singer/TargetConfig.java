package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.config.ConfigException;
import io.intercomsync.ledger.LedgerSettings;
import io.intercomsync.mapping.MappingException;
import io.intercomsync.mapping.MappingLoader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    public static TargetConfig load(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the target config " + file + ": " + Catalog.reason(e));
        }
        if (n == null || !n.isObject()) {
            throw new ConfigException("the target config " + file + " must be a JSON object");
        }
        return from(n);
    }

    public static TargetConfig from(JsonNode n) {
        String token = text(n, "access_token", null);
        if (token == null || token.isBlank()) {
            throw new ConfigException("access_token is missing from the target config");
        }
        String base = text(n, "base_url", "https://api.intercom.io");
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("base_url '" + base + "' is not a URL");
        }
        String stateUrl = text(n, "state_url", LedgerSettings.DEFAULT_URL);
        if (!stateUrl.startsWith("jdbc:sqlite:") && !stateUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("state_url is not supported: use jdbc:sqlite:<file> or jdbc:postgresql://host[:port]/database");
        }
        return new TargetConfig(token,
                text(n, "users_stream", "users"),
                overrides(n.get("reserved_field_overrides")),
                baseUrl,
                text(n, "api_version", "2.16"),
                flag(n, "create_missing_attributes", true),
                stateUrl,
                Path.of(text(n, "errors_file", "out/target_errors.csv")),
                (int) number(n, "max_attempts", 50, 1, 1000),
                (long) number(n, "retry_delay_ms", 500, 0, 600_000),
                (long) number(n, "max_retry_delay_ms", 30_000, 0, 600_000),
                (int) number(n, "max_in_flight", 16, 1, 256),
                Duration.ofMillis((long) (number(n, "request_timeout", 30, 1, 3600) * 1000)),
                text(n, "user_agent", "intercom-sync"));
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

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(key + " in the target config must be a string");
        }
        return v.asText();
    }

    private static boolean flag(JsonNode n, String key, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String t = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new ConfigException(key + " in the target config must be true or false, not '" + v.asText() + "'");
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
                throw new ConfigException(key + " in the target config must be a number, not '" + v.asText() + "'");
            }
        }
        if (d < min || d > max) {
            throw new ConfigException(key + " in the target config must be between " + (long) min + " and " + (long) max);
        }
        return d;
    }

    @Override
    public String toString() {
        return "TargetConfig[accessToken=****, usersStream=" + usersStream + ", baseUrl=" + baseUrl
                + ", apiVersion=" + apiVersion + "]";
    }
}
