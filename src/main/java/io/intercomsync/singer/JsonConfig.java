package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A Singer config file (a JSON object) read key by key, every error naming the key and the file's
 * role ("tap config", "target config"). Singer configs often carry numbers and booleans as strings,
 * so both are accepted.
 */
final class JsonConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;
    private final String what;
    private final java.util.Set<String> asked = new java.util.HashSet<>();

    JsonConfig(JsonNode node, String what) {
        this.node = node;
        this.what = what;
    }

    static JsonNode read(Path file, String what) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the " + what + " " + file + ": " + Catalog.reason(e));
        }
        if (n == null || !n.isObject()) {
            throw new ConfigException("the " + what + " " + file + " must be a JSON object");
        }
        return n;
    }

    JsonNode node() {
        return node;
    }

    /** The value of an object-valued key, declared as known like the typed getters' keys. */
    JsonNode object(String key) {
        asked.add(key);
        return node.get(key);
    }

    /**
     * Stops on a key that no getter asked for: a mistyped {@code acess_token} or {@code max_in_fligth}
     * would otherwise leave a default in force without a word. Call once every key has been read.
     */
    void refuseUnknownKeys() {
        io.intercomsync.config.KnownKeys known = new io.intercomsync.config.KnownKeys(asked, java.util.List.of());
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.accepts(key)) {
                throw new ConfigException(key + " in the " + what + " is not a setting"
                        + known.nearest(key).map(k -> ": did you mean " + k + "?")
                                .orElse(": the settings are " + String.join(", ", known.list())));
            }
        }
    }

    String text(String key, String dflt) {
        asked.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(key + " in the " + what + " must be a string");
        }
        return v.asText();
    }

    boolean flag(String key, boolean dflt) {
        asked.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String t = v.asText().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new ConfigException(key + " in the " + what + " must be true or false, not '" + v.asText() + "'");
    }

    /**
     * A knob the Singer config shares with application.properties ({@code max_attempts} is
     * {@code intercom.max-attempts}): its default and range are that key's declaration, not a second copy.
     */
    double number(String key, String sameAs) {
        io.intercomsync.config.Declarations.Key k = io.intercomsync.config.Declarations.packaged().key(sameAs);
        return number(key, Double.parseDouble(k.defaultValue()), k.min(), k.max());
    }

    /** A text setting whose default is that of {@code sameAs} in application.properties. */
    String textLike(String key, String sameAs) {
        return text(key, io.intercomsync.config.Declarations.packaged().key(sameAs).defaultValue());
    }

    double number(String key, double dflt, double min, double max) {
        asked.add(key);
        JsonNode v = node.get(key);
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
                throw new ConfigException(key + " in the " + what + " must be a number, not '" + v.asText() + "'");
            }
        }
        if (d < min || d > max) {
            throw new ConfigException(key + " in the " + what + " must be between " + (long) min + " and " + (long) max);
        }
        return d;
    }
}
