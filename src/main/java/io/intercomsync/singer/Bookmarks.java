package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tap's state: one bookmark (an instant) per incremental stream and the stream being synced.
 * Written as {@code {"bookmarks": {"users": {"updated_at": "2024-01-01T00:00:00Z"}}, "currently_syncing": "users"}}.
 *
 * <p>Read leniently, because an old state file must never crash a new version: a bookmark may be that
 * object, a bare string ({@code "users": "2024-01-01T00:00:00Z"}), epoch seconds or milliseconds as a
 * number or a string, or an object keyed by another field name; anything unreadable is logged and
 * ignored (that stream then starts from start_date).
 *
 * <p>Thread-safe: parts workers do not touch it, but the writer may read it while a stream updates it.
 */
public final class Bookmarks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bookmarks.class);

    private final Map<String, Instant> bookmarks = new LinkedHashMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private String currentlySyncing;

    public static Bookmarks empty() {
        return new Bookmarks();
    }

    public static Bookmarks load(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the state file " + file + ": " + Catalog.reason(e));
        }
        return from(n);
    }

    public static Bookmarks from(JsonNode n) {
        Bookmarks b = new Bookmarks();
        if (n == null || !n.isObject()) {
            return b;
        }
        // Singer runners sometimes wrap the state: {"value": {...}}.
        if (!n.has("bookmarks") && n.path("value").isObject()) {
            n = n.get("value");
        }
        JsonNode cs = n.get("currently_syncing");
        if (cs != null && cs.isTextual() && !cs.asText().isEmpty()) {
            b.currentlySyncing = cs.asText();
        }
        JsonNode marks = n.path("bookmarks");
        for (Iterator<Map.Entry<String, JsonNode>> it = marks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Instant at = readBookmark(e.getValue());
            if (at == null) {
                LOG.warn("Ignoring the unreadable bookmark of {} in the state: {}", e.getKey(), e.getValue());
            } else {
                b.bookmarks.put(e.getKey(), at);
            }
        }
        return b;
    }

    private static Instant readBookmark(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            JsonNode preferred = v.get("updated_at");
            if (preferred != null) {
                return readBookmark(preferred);
            }
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                Instant at = readBookmark(it.next());
                if (at != null) {
                    return at;
                }
            }
            return null;
        }
        if (v.isNumber()) {
            return fromEpoch(v.asLong());
        }
        return v.isTextual() ? parseInstant(v.asText()) : null;
    }

    /** RFC 3339 / ISO-8601 (with or without offset, or a bare date) or epoch seconds/milliseconds; null if neither. */
    public static Instant parseInstant(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.matches("-?\\d+")) {
            try {
                return fromEpoch(Long.parseLong(t));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return java.time.LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant fromEpoch(long n) {
        // Twelve digits or more cannot be seconds in any plausible year: they are milliseconds.
        return Math.abs(n) >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }

    public synchronized Instant get(String stream) {
        return bookmarks.get(stream);
    }

    public synchronized void set(String stream, String replicationKey, Instant at) {
        bookmarks.put(stream, at);
        keys.put(stream, replicationKey);
    }

    public synchronized String currentlySyncing() {
        return currentlySyncing;
    }

    public synchronized void setCurrentlySyncing(String stream) {
        currentlySyncing = stream;
    }

    /** The state as a Singer STATE value. */
    public synchronized ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode marks = o.putObject("bookmarks");
        bookmarks.forEach((stream, at) -> marks.putObject(stream)
                .put(keys.getOrDefault(stream, "updated_at"), at.toString()));
        if (currentlySyncing == null) {
            o.putNull("currently_syncing");
        } else {
            o.put("currently_syncing", currentlySyncing);
        }
        return o;
    }
}
