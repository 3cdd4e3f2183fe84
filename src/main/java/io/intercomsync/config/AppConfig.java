package io.intercomsync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The application's properties: {@code application.properties}, then the {@code --config} file over it,
 * then the environment, then command-line overrides. From the environment, {@code INTERCOM_ACCESS_TOKEN}
 * and {@code INTERCOM_BASE_URL} set the two keys they name, and {@code INTERCOM_SYNC_<KEY>} sets any key
 * the configuration already knows, with dots and dashes written as underscores
 * ({@code INTERCOM_SYNC_STATE_PASSWORD} is {@code state.password}): how Kubernetes hands over secrets.
 * Typed getters name the key in every error.
 */
public final class AppConfig {
    private final Properties props;

    private AppConfig(Properties props) {
        this.props = props;
    }

    public static AppConfig load(Path defaults, Path overlay, Map<String, String> env, Map<String, String> overrides) {
        Properties p = new Properties();
        if (defaults != null && Files.isRegularFile(defaults)) {
            read(defaults, p);
        }
        // application.properties declares every key (blank when it has no default): what it does not
        // name is a typo, refused before it can silently leave a default in force.
        Declarations declared = Declarations.packaged();
        KnownKeys known = new KnownKeys(declared.keys().keySet(), PASS_THROUGH);
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (!known.accepts(key)) {
                throw new ConfigException(known.unknown(key, "in " + defaults));
            }
        }
        if (overlay != null) {
            if (!Files.isRegularFile(overlay)) {
                throw new ConfigException("--config file '" + overlay + "' does not exist");
            }
            Properties own = new Properties();
            read(overlay, own);
            for (String key : new java.util.TreeSet<>(own.stringPropertyNames())) {
                if (!known.accepts(key)) {
                    throw new ConfigException(known.unknown(key, "in " + overlay.getFileName()));
                }
            }
            p.putAll(own);
        }
        applyPrefixedEnvironment(p, env, known);
        if (env.get("INTERCOM_ACCESS_TOKEN") != null && !env.get("INTERCOM_ACCESS_TOKEN").isBlank()) {
            p.setProperty("intercom.access-token", env.get("INTERCOM_ACCESS_TOKEN"));
        }
        if (env.get("INTERCOM_BASE_URL") != null && !env.get("INTERCOM_BASE_URL").isBlank()) {
            p.setProperty("intercom.base-url", env.get("INTERCOM_BASE_URL"));
        }
        overrides.forEach((key, value) -> {
            if (!known.accepts(key)) {
                throw new ConfigException(known.unknown(key, "on the command line"));
            }
            p.setProperty(key, value);
        });
        // every value against its declaration, whoever reads it (some keys only the routes read)
        for (Declarations.Key key : declared.keys().values()) {
            String v = p.getProperty(key.name());
            String problem = v == null || v.isBlank() ? null : Declarations.problem(key, v.trim());
            if (problem != null) {
                throw new ConfigException(problem);
            }
        }
        return new AppConfig(p);
    }

    static final String ENV_PREFIX = "INTERCOM_SYNC_";

    /**
     * What Kubernetes sets in every pod of a namespace that has a Service named intercom-sync (the name
     * a Service scraping the management port gets): INTERCOM_SYNC_SERVICE_HOST, INTERCOM_SYNC_PORT,
     * INTERCOM_SYNC_PORT_8080_TCP_ADDR and so on. None of them is ours, and refusing them stopped every
     * pod started after the Service with exit 2. No declared key is spelled like one (AppConfigTest).
     */
    static final java.util.regex.Pattern KUBERNETES_SERVICE_LINK = java.util.regex.Pattern.compile(
            ENV_PREFIX + "(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

    /** Camel Main's own options ({@code camel.main.*}, {@code camel.management.*}): Camel checks those. */
    static final List<String> PASS_THROUGH = List.of("camel.");

    /** The values of the keys declared secret that are set, and the AWS secrets of the environment. */
    public List<String> secretValues() {
        List<String> values = new java.util.ArrayList<>();
        for (String key : Declarations.packaged().secretKeys()) {
            String v = string(key, null);
            if (v != null) {
                values.add(v);
            }
        }
        for (String env : List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                values.add(v);
            }
        }
        return values;
    }

    private static void applyPrefixedEnvironment(Properties p, Map<String, String> env, KnownKeys known) {
        Map<String, String> keysByEnvName = new java.util.HashMap<>();
        for (String key : known.list()) {
            keysByEnvName.put(envName(key), key);
        }
        // Camel's keys are declared nowhere here; one a file sets can be overridden from the environment
        // as before the declarations (INTERCOM_SYNC_CAMEL_MANAGEMENT_PORT over the ConfigMap's port)
        for (String key : p.stringPropertyNames()) {
            if (known.accepts(key)) {
                keysByEnvName.putIfAbsent(envName(key), key);
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && value != null && !KUBERNETES_SERVICE_LINK.matcher(name).matches()) {
                String key = keysByEnvName.get(name);
                if (key == null) {
                    String guess = nearestEnvName(name, known);
                    throw new ConfigException(name + " is set in the environment but names no configuration key ("
                            + ENV_PREFIX + " followed by a key from application.properties, dots and dashes as underscores)"
                            + (guess == null ? "" : ": did you mean " + guess + "?"));
                }
                p.setProperty(key, value);
            }
        });
    }

    private static String nearestEnvName(String name, KnownKeys known) {
        java.util.Map<String, String> byEnvName = new java.util.HashMap<>();
        known.list().forEach(k -> byEnvName.put(envName(k), k));
        return new KnownKeys(byEnvName.keySet(), List.of()).nearest(name).orElse(null);
    }

    /** {@code state.flush-rows} is {@code INTERCOM_SYNC_STATE_FLUSH_ROWS}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Nothing set: every getter answers the key's declared default. For a command whose own config has no
     * such setting (the Singer configs), so it keeps the import's default rather than a number of its own.
     */
    public static AppConfig declaredDefaults() {
        return of(new Properties());
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

    /**
     * A key's value exactly as it was set, blank or padded; null when unset. For the rare key whose
     * value may be whitespace itself: {@code csv.delimiter=\t} in a properties file is a tab character,
     * which {@link #string} would take for "not set".
     */
    public String raw(String key) {
        return props.getProperty(key);
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

    /** A declared key's text, or its declared default; null when neither is set. */
    public String text(String key) {
        return string(key, Declarations.packaged().key(key).defaultValue());
    }

    /** A declared whole number (its declared default when unset), checked against its declared range. */
    public long whole(String key) {
        Declarations.Key k = Declarations.packaged().key(key);
        if (k.type() != Declarations.Type.WHOLE) {
            throw new IllegalArgumentException(key + " is declared " + k.type() + ", not a whole number");
        }
        String v = text(key);
        if (v == null) {
            throw new ConfigException(key + " is not set");
        }
        String problem = Declarations.problem(k, v);
        if (problem != null) {
            throw new ConfigException(problem);
        }
        return Long.parseLong(v);
    }

    /** {@link #whole(String)} for a key whose declared range fits an int. */
    public int integer(String key) {
        return Math.toIntExact(whole(key));
    }

    /** A declared true-or-false key (its declared default when unset). */
    public boolean flag(String key) {
        Declarations.Key k = Declarations.packaged().key(key);
        if (k.type() != Declarations.Type.FLAG) {
            throw new IllegalArgumentException(key + " is declared " + k.type() + ", not a flag");
        }
        return flag(key, Boolean.parseBoolean(k.defaultValue()));
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
