package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shapes an Intercom object into a record valid against its stream's schema: unix seconds become
 * RFC 3339 date-times where the schema says {@code format: date-time}, numeric strings and numbers are
 * coerced where the schema asks for the other, and fields the schema does not know are dropped (logged
 * once per stream and field), so every record validates even when Intercom adds fields. Every object
 * the schema describes carries all of its properties, in the schema's order, null where Intercom gave
 * nothing.
 */
final class RecordTransformer {
    private static final Logger LOG = LoggerFactory.getLogger(RecordTransformer.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String stream;
    private final ObjectNode schema;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    RecordTransformer(String stream, ObjectNode schema) {
        this.stream = stream;
        this.schema = schema;
    }

    ObjectNode apply(ObjectNode record) {
        return (ObjectNode) transform(schema, record, "");
    }

    private JsonNode transform(JsonNode s, JsonNode v, String path) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (allows(s, "object") && v.isObject()) {
            JsonNode props = s.path("properties");
            boolean open = s.path("additionalProperties").asBoolean(true);
            ObjectNode out = F.objectNode();
            // Every property the schema declares, in the schema's order, null where Intercom gave nothing:
            // targets that take their columns from the records' keys (singer-io's target-csv takes the
            // first record's) then see one shape per stream.
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                out.set(p.getKey(), transform(p.getValue(), v.get(p.getKey()), path + "." + p.getKey()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (props.has(e.getKey())) {
                    continue;
                }
                if (open) {
                    out.set(e.getKey(), e.getValue());
                } else if (reported.add(path + "." + e.getKey())) {
                    LOG.info("{}: field {} is not in the schema; leaving it out", stream, (path + "." + e.getKey()).substring(1));
                }
            }
            return out;
        }
        if (allows(s, "array") && v.isArray()) {
            ArrayNode out = F.arrayNode();
            JsonNode items = s.path("items");
            for (JsonNode item : v) {
                out.add(items.isMissingNode() ? item : transform(items, item, path + "[]"));
            }
            return out;
        }
        if ("date-time".equals(s.path("format").asText())) {
            if (v.isNumber()) {
                return F.textNode(Instant.ofEpochSecond(v.asLong()).toString());
            }
            if (v.isTextual()) {
                Instant at = Bookmarks.parseInstant(v.asText());
                if (at != null) {
                    return F.textNode(at.toString());
                }
            }
            return dropped(path, v);
        }
        if (allows(s, "string") && v.isValueNode()) {
            return v.isTextual() ? v : F.textNode(v.asText());
        }
        if (allows(s, "integer")) {
            if (v.isIntegralNumber()) {
                return v;
            }
            if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
                return F.numberNode(Long.parseLong(v.asText()));
            }
            if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
                return F.numberNode(v.asLong());
            }
        }
        if (allows(s, "number")) {
            if (v.isNumber()) {
                return v;
            }
            if (v.isTextual()) {
                try {
                    return F.numberNode(new java.math.BigDecimal(v.asText().trim()));
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
        }
        if (allows(s, "boolean") && v.isBoolean()) {
            return v;
        }
        return dropped(path, v);
    }

    private JsonNode dropped(String path, JsonNode v) {
        if (reported.add(path + "#type")) {
            LOG.warn("{}: field {} has a value of an unexpected type ({}); writing null", stream,
                    path.isEmpty() ? "(record)" : path.substring(1), v.getNodeType());
        }
        return NullNode.getInstance();
    }

    private static boolean allows(JsonNode s, String type) {
        JsonNode t = s.path("type");
        if (t.isTextual()) {
            return t.asText().equals(type);
        }
        for (JsonNode x : t) {
            if (x.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
