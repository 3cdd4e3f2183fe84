package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Discovery (the catalog the tap offers) and selection (what a given catalog asks for). */
public final class Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One selected stream: whether it runs incrementally, and the top-level fields deselected. */
    public record Selection(TapStream stream, boolean incremental, Set<String> deselectedFields) {
    }

    private Catalog() {
    }

    /** Why a file could not be read, in words. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return "not valid JSON (" + j.getOriginalMessage() + ")";
        }
        return e.getMessage();
    }

    /** The catalog written by --discover: every stream, selected, with its schema and metadata. */
    public static ObjectNode discover() {
        ObjectNode catalog = JSON.createObjectNode();
        ArrayNode streams = catalog.putArray("streams");
        for (TapStream s : TapStream.values()) {
            ObjectNode entry = streams.addObject();
            entry.put("tap_stream_id", s.id());
            entry.put("stream", s.id());
            ArrayNode keys = entry.putArray("key_properties");
            s.keyProperties().forEach(keys::add);
            ObjectNode schema = Schemas.of(s);
            entry.set("schema", schema);
            ArrayNode metadata = entry.putArray("metadata");
            ObjectNode top = metadata.addObject();
            top.putArray("breadcrumb");
            ObjectNode m = top.putObject("metadata");
            m.put("selected", true);
            m.put("inclusion", "available");
            ArrayNode tkp = m.putArray("table-key-properties");
            s.keyProperties().forEach(tkp::add);
            m.put("forced-replication-method", s.replicationMethod());
            m.put("replication-method", s.replicationMethod());
            ArrayNode vrk = m.putArray("valid-replication-keys");
            if (s.incremental()) {
                vrk.add(s.replicationKey());
                m.put("replication-key", s.replicationKey());
            }
            for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
                String field = it.next();
                ObjectNode fm = metadata.addObject();
                ArrayNode bc = fm.putArray("breadcrumb");
                bc.add("properties");
                bc.add(field);
                boolean automatic = s.keyProperties().contains(field) || field.equals(s.replicationKey());
                fm.putObject("metadata").put("inclusion", automatic ? "automatic" : "available");
            }
        }
        return catalog;
    }

    /** What a run without a catalog syncs: every stream, as discovery offers them. */
    public static List<Selection> everyStream() {
        return selected(discover());
    }

    public static List<Selection> load(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the catalog " + file + ": " + Catalog.reason(e));
        }
        if (n == null || !n.path("streams").isArray()) {
            throw new ConfigException("the catalog " + file + " has no streams array; write one with --discover");
        }
        return selected(n);
    }

    /** The selected streams, in the tap's own order (parents before children, as discovery lists them). */
    static List<Selection> selected(JsonNode catalog) {
        Map<TapStream, Selection> chosen = new LinkedHashMap<>();
        for (JsonNode entry : catalog.path("streams")) {
            String id = entry.path("tap_stream_id").asText(entry.path("stream").asText(""));
            TapStream s = TapStream.byId(id);
            if (s == null) {
                LOG.warn("The catalog names stream '{}', which this tap does not have; skipping it", id);
                continue;
            }
            boolean selected = entry.path("schema").path("selected").asBoolean(false);
            String method = null;
            Set<String> deselected = new HashSet<>();
            for (JsonNode md : entry.path("metadata")) {
                JsonNode bc = md.path("breadcrumb");
                JsonNode m = md.path("metadata");
                if (bc.isArray() && bc.isEmpty()) {
                    if (m.has("selected")) {
                        selected = m.path("selected").asBoolean(false);
                    }
                    method = m.path("replication-method").asText(null);
                } else if (bc.size() == 2 && "properties".equals(bc.path(0).asText())
                        && m.has("selected") && !m.path("selected").asBoolean(true)
                        && !"automatic".equals(m.path("inclusion").asText())) {
                    deselected.add(bc.path(1).asText());
                }
            }
            if (selected) {
                boolean incremental = s.incremental() && !"FULL_TABLE".equals(method);
                chosen.put(s, new Selection(s, incremental, Set.copyOf(deselected)));
            }
        }
        List<Selection> out = new ArrayList<>();
        for (TapStream s : TapStream.values()) {
            if (chosen.containsKey(s)) {
                out.add(chosen.get(s));
            }
        }
        return out;
    }
}
