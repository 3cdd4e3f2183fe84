package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Intercom nests an object's lists in a wrapper ({@code "tags": {"type": "tag.list", "tags": [...]}}); records carry the bare list. */
final class IntercomLists {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IntercomLists() {
    }

    /** Replaces the wrapper in {@code field} with its {@code inner} array, or an empty array if it has none. */
    static void unwrap(ObjectNode o, String field, String inner) {
        JsonNode v = o.path(field);
        if (v.isObject()) {
            o.set(field, v.path(inner).isArray() ? v.path(inner) : JSON.createArrayNode());
        }
    }
}
