package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ThreadLocalRandom;

/** JSON helpers shared inside the sandbox package. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ArrayNode arr() {
        return F.arrayNode();
    }

    static ObjectNode error(String code, String message, String field) {
        ObjectNode e = obj();
        e.put("type", "error.list");
        e.put("request_id", requestId());
        ObjectNode item = e.putArray("errors").addObject();
        item.put("code", code);
        item.put("message", message);
        if (field != null) {
            item.put("field", field);
        }
        return e;
    }

    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }

    /** Value at a dotted path ("custom_attributes.plan", "location.city"); missing = null. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode cur = node;
        int start = 0;
        while (cur != null && start <= path.length()) {
            int dot = path.indexOf('.', start);
            String part = dot < 0 ? path.substring(start) : path.substring(start, dot);
            cur = cur.get(part);
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return cur == null || cur.isMissingNode() ? null : cur;
    }
}
