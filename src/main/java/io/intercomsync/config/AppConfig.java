package io.intercomsync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The application's properties: {@code application.properties}, then the {@code --config} file over it,
 * then {@code INTERCOM_ACCESS_TOKEN} / {@code INTERCOM_BASE_URL} from the environment, then command-line
 * overrides. Typed getters name the key in every error.
 */
public final class AppConfig {
    /** Keys whose values are secrets: never printed, masked wherever configuration is shown. */
    public static final Set<String> SECRET_KEYS = Set.of("intercom.access-token", "notify.slack.webhook-url",
            "notify.hipchat.token", "source.s3.access-key", "source.s3.secret-key",
            "state.password");

    private final Properties props;

    private AppConfig(Properties props) {
        this.props = props;
    }

    public static AppConfig load(Path defaults, Path overlay, Map<String, String> env, Map<String, String> overrides) {
        Properties p = new Properties();
        if (defaults != null && Files.isRegularFile(defaults)) {
            read(defaults, p);
        }
        if (overlay != null) {
            if (!Files.isRegularFile(overlay)) {
                throw new ConfigException("--config file '" + overlay + "' does not exist");
            }
            read(overlay, p);
        }
        if (env.get("INTERCOM_ACCESS_TOKEN") != null && !env.get("INTERCOM_ACCESS_TOKEN").isBlank()) {
            p.setProperty("intercom.access-token", env.get("INTERCOM_ACCESS_TOKEN"));
        }
        if (env.get("INTERCOM_BASE_URL") != null && !env.get("INTERCOM_BASE_URL").isBlank()) {
            p.setProperty("intercom.base-url", env.get("INTERCOM_BASE_URL"));
        }
        overrides.forEach(p::setProperty);
        return new AppConfig(p);
    }

    public static AppConfig of(Properties p) {
        Properties copy = new Properties();
        copy.putAll(p);
        return new AppConfig(copy);
    }

    private static void read(Path file, Properties into) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            into.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file '" + file + "': " + e.getMessage());
        }
    }

    /** A copy of every property, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    public String string(String key, String fallback) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public String required(String key) {
        String v = string(key, null);
        if (v == null) {
            throw new ConfigException(key + " is not set");
        }
        return v;
    }

    public long number(String key, long fallback, long min, long max) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + v + " is not a whole number");
        }
        if (n < min || n > max) {
            throw new ConfigException(key + "=" + v + " is out of range (" + min + " to " + max + ")");
        }
        return n;
    }

    public boolean flag(String key, boolean fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + "=" + v + " must be true or false");
    }

    public void set(String key, String value) {
        props.setProperty(key, value);
    }
}
