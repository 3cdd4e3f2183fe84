package io.intercomsync.intercom;

import io.intercomsync.config.HeaderValues;
import io.intercomsync.config.Urls;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to reach Intercom. {@link #toString()} masks the token, so a settings object can be
 * logged safely.
 *
 * @param keys what the user calls these settings where they set them, so every message names the right one
 */
public record IntercomSettings(URI baseUrl, String accessToken, String apiVersion,
                               Duration connectTimeout, Duration requestTimeout, String userAgent, Keys keys) {

    public static final String DEFAULT_USER_AGENT = "intercom-sync";

    /**
     * The names of the settings messages point to, where the user sets them.
     *
     * @param tokenSetting where a refused token is fixed, as a 401's message says it
     * @param lessMemory   what to lower when Java runs out of memory: what bounds the work held at once
     */
    public record Keys(String baseUrl, String accessToken, String tokenSetting, String lessMemory) {
        /** application.properties and INTERCOM_SYNC_* (import, watch). */
        public static final Keys PROPERTIES = new Keys("intercom.base-url", "intercom.access-token", "intercom.access-token",
                "csv.max-row-chars (a few hundred rows are read ahead of the writers) or intercom.max-in-flight");
        /** A Singer config file (the tap). */
        public static final Keys SINGER_CONFIG = new Keys("base_url", "access_token", "access_token in the config file",
                "parts_concurrency in the config file");
        /** The Singer target's config file, as its other config messages name it. */
        public static final Keys TARGET_CONFIG = new Keys("base_url", "access_token", "access_token in the target config",
                "max_in_flight in the target config");
    }

    public IntercomSettings(URI baseUrl, String accessToken, String apiVersion, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, accessToken, apiVersion, connectTimeout, requestTimeout, DEFAULT_USER_AGENT, Keys.PROPERTIES);
    }

    public IntercomSettings(URI baseUrl, String accessToken, String apiVersion, Duration connectTimeout, Duration requestTimeout,
                            String userAgent) {
        this(baseUrl, accessToken, apiVersion, connectTimeout, requestTimeout, userAgent, Keys.PROPERTIES);
    }

    public IntercomSettings {
        if (keys == null) {
            keys = Keys.PROPERTIES;
        }
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException(keys.accessToken() + " is empty: set it, or INTERCOM_ACCESS_TOKEN in the environment");
        }
        String unfit = HeaderValues.problem(accessToken);
        if (unfit != null) {
            // Never echoed: the HTTP client's own error would print the whole header, token and all.
            throw new IllegalArgumentException(keys.accessToken() + " " + unfit + ", so it cannot be sent in a header"
                    + " (a copy-paste mistake?); the token itself is not shown");
        }
        if (baseUrl == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(keys.baseUrl() + " '" + baseUrl + "' is not an absolute http(s) URL");
        }
        if (!"https".equals(baseUrl.getScheme()) && !("http".equals(baseUrl.getScheme()) && Urls.isLoopback(baseUrl.getHost()))) {
            // The token travels in every request: plain HTTP is only acceptable when it never leaves the machine.
            throw new IllegalArgumentException(keys.baseUrl() + " '" + baseUrl + "' must use https (plain http is allowed for loopback addresses only)");
        }
        if (userAgent == null || userAgent.isBlank()) {
            userAgent = DEFAULT_USER_AGENT;
        }
        String path = baseUrl.getPath();
        if (path != null && path.endsWith("/")) {
            baseUrl = URI.create(baseUrl.toString().substring(0, baseUrl.toString().length() - 1));
        }
    }

    @Override
    public String toString() {
        return "IntercomSettings[baseUrl=" + baseUrl + ", accessToken=****, apiVersion=" + apiVersion
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", userAgent=" + userAgent + ", keys=" + keys + "]";
    }
}
