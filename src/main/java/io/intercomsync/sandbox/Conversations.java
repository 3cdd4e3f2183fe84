package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Conversations: list, search and show. Only the seeder writes them; the records are {@link Workspace}'s
 * state, and reading holds the workspace's lock like every other operation.
 */
final class Conversations {
    static final class ConvRec {
        long id;
        long seq;
        ObjectNode data;
        List<Part> parts = new ArrayList<>();
    }

    /** A conversation part, kept small and rendered on demand (the author node is shared, never handed out). */
    record Part(long id, String partType, String body, long at, ObjectNode author) {
        ObjectNode json() {
            ObjectNode part = Json.obj();
            part.put("type", "conversation_part");
            part.put("id", Long.toString(id));
            part.put("part_type", partType);
            part.put("body", body);
            part.put("created_at", at);
            part.put("updated_at", at);
            part.put("notified_at", at);
            part.set("author", author.deepCopy());
            part.putArray("attachments");
            part.putNull("external_id");
            part.put("redacted", false);
            return part;
        }
    }

    private final Workspace ws;

    Conversations(Workspace ws) {
        this.ws = ws;
    }

    /** GET /conversations and POST /conversations/search. */
    ObjectNode list(JsonNode query, String sortField, boolean descending, int perPage,
                    String startingAfter) {
        synchronized (ws) {
            Predicate<JsonNode> filter = query == null ? d -> true
                    : Search.compile(query, SearchRules.conversations());
            // Conversations are only written by the seeder (before any search), so search lag never hides one.
            List<Search.Doc> docs = new ArrayList<>(ws.conversationsById.size());
            for (ConvRec c : ws.conversationsById.values()) {
                docs.add(new Search.Doc(c.seq, c.data, c));
            }
            Search.Page p = Search.page(docs, filter, sortField, descending, perPage, startingAfter, ws.cursorLife());
            ObjectNode out = Json.obj();
            out.put("type", "conversation.list");
            ArrayNode arr = out.putArray("conversations");
            for (Search.Doc d : p.docs()) {
                arr.add(d.view().deepCopy());
            }
            out.put("total_count", p.totalCount());
            out.set("pages", Search.pages(p));
            return out;
        }
    }

    ObjectNode show(String id) {
        synchronized (ws) {
            ConvRec c;
            try {
                c = ws.conversationsById.get(Long.parseLong(id));
            } catch (NumberFormatException e) {
                c = null;
            }
            if (c == null) {
                throw ApiError.notFound();
            }
            ObjectNode o = c.data.deepCopy();
            ObjectNode parts = o.putObject("conversation_parts");
            parts.put("type", "conversation_part.list");
            ArrayNode arr = parts.putArray("conversation_parts");
            int from = Math.max(0, c.parts.size() - 500); // Intercom returns at most the 500 newest parts
            for (int i = from; i < c.parts.size(); i++) {
                arr.add(c.parts.get(i).json());
            }
            parts.put("total_count", c.parts.size());
            return o;
        }
    }
}
