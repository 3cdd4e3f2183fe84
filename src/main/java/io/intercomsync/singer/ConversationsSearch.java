package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.intercom.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conversations and conversation_parts streams, both read through the conversation search, incremental
 * on {@code updated_at} and bookmarked behind the search lag. The search does not return parts, so
 * conversation_parts fetches each listed conversation on the sync's pool (parts_concurrency threads, all
 * paced by the client's one RateLimitGovernor) and writes its parts in the search's order.
 */
final class ConversationsSearch {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationsSearch.class);

    private final Api api;
    private final UpdatedAtSearch search;
    /** Conversations whose oldest parts Intercom did not return (it gives the 500 newest): summed up at the end of a sync. */
    private final AtomicInteger shortConversations = new AtomicInteger();

    ConversationsSearch(Api api, UpdatedAtSearch search) {
        this.api = api;
        this.search = search;
    }

    void syncConversations(StreamRun run) {
        search.pages(run, "/conversations/search", "conversations", run.fromSec() - 1, null, page -> {
            for (ObjectNode c : page) {
                run.emit(denestConversation(c));
                run.seen(c.path("updated_at").asLong());
            }
        });
    }

    private static ObjectNode denestConversation(ObjectNode c) {
        c.remove("conversation_parts");
        IntercomLists.unwrap(c, "tags", "tags");
        IntercomLists.unwrap(c, "contacts", "contacts");
        IntercomLists.unwrap(c, "teammates", "teammates");
        return c;
    }

    /** A page's conversations are fetched in parallel, but their parts are written, and seen, in the page's order. */
    void syncParts(StreamRun run) {
        search.pages(run, "/conversations/search", "conversations", run.fromSec() - 1, null, page -> {
            List<Future<JsonNode>> fetches = new ArrayList<>(page.size());
            for (ObjectNode c : page) {
                String id = c.path("id").asText();
                fetches.add(run.pool.submit(() -> fetchConversation(id)));
            }
            try {
                for (int i = 0; i < page.size(); i++) {
                    JsonNode full = Futures.await(fetches.get(i));
                    if (full != null) {
                        emitParts(run, full);
                    }
                    run.seen(page.get(i).path("updated_at").asLong());
                }
            } finally {
                fetches.forEach(f -> f.cancel(true)); // after a failure, the rest of the page is not fetched
            }
        });
    }

    private JsonNode fetchConversation(String id) {
        try {
            return api.read("GET", "/conversations/" + Api.urlEncode(id), "GET /conversations/{id}", null);
        } catch (NotFoundException e) {
            LOG.warn("conversation_parts: conversation {} is gone (404) since the search listed it; skipping it", id);
            return null;
        }
    }

    private void emitParts(StreamRun run, JsonNode conversation) {
        String conversationId = conversation.path("id").asText();
        JsonNode parts = conversation.path("conversation_parts");
        JsonNode list = parts.path("conversation_parts");
        int total = parts.path("total_count").asInt(list.size());
        if (list.size() < total) {
            shortConversations.incrementAndGet();
            LOG.warn("conversation_parts: conversation {} has {} parts but Intercom returned {} (at most the 500 newest); the {} oldest cannot be read through the API",
                    conversationId, total, list.size(), total - list.size());
        }
        for (JsonNode p : list) {
            if (!p.isObject()) {
                continue;
            }
            ObjectNode part = ((ObjectNode) p).deepCopy();
            part.put("conversation_id", conversationId);
            part.set("conversation_created_at", conversation.path("created_at"));
            part.set("conversation_updated_at", conversation.path("updated_at"));
            part.put("conversation_total_parts", total);
            run.emit(part);
        }
    }

    /** One warning for the whole sync, after the per-conversation ones have scrolled by. */
    void warnIfPartsWereMissing() {
        if (shortConversations.get() > 0) {
            LOG.warn("{} conversations have more parts than Intercom returns (it gives the 500 newest); their oldest parts are missing",
                    shortConversations.get());
        }
    }
}
