package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Intercom's search endpoints (contacts, conversations) read incrementally: sorted by {@code updated_at}
 * ascending, so a checkpoint after every page is safe, and a killed sync resumes from its last page.
 */
final class UpdatedAtSearch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final int pageSize;

    UpdatedAtSearch(Api api, int pageSize) {
        this.api = api;
        this.pageSize = pageSize;
    }

    /**
     * Pages through a search on {@code updated_at > strictlyAfter}, sorted by updated_at ascending, keeps the
     * records with {@code updated_at >= from}, hands each page to {@code onPage} and then writes a checkpoint. A cursor seen before stops the stream: following
     * it would loop for ever or re-read the same pages.
     */
    void pages(StreamRun run, String path, String listField, long strictlyAfter, JsonNode extraFilter,
               Consumer<List<ObjectNode>> onPage) {
        String op = "POST " + path;
        // Intercom refuses >= on date fields: ask for > a little earlier, then keep >= from on our side.
        ObjectNode updated = JSON.createObjectNode().put("field", "updated_at").put("operator", ">").put("value", strictlyAfter);
        JsonNode query = updated;
        if (extraFilter != null) {
            ObjectNode and = JSON.createObjectNode().put("operator", "AND");
            and.putArray("value").add(updated).add(extraFilter);
            query = and;
        }
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        int pageNo = 0;
        boolean repeated = false;
        Future<JsonNode> pending = CompletableFuture.completedFuture(api.read("POST", path, op, searchBody(query, null)));
        while (pending != null) {
            JsonNode page = Futures.await(pending);
            pending = null;
            pageNo++;
            JsonNode next = page.path("pages").path("next");
            String nextCursor = next.isObject() ? next.path("starting_after").asText(null) : null;
            if (nextCursor != null && !nextCursor.isEmpty()) {
                if (!cursors.add(nextCursor) || nextCursor.equals(cursor)) {
                    repeated = true;
                } else {
                    // The next page is asked for while this one is written: the search is sequential, the rest need not be.
                    String c = nextCursor;
                    JsonNode q = query;
                    pending = run.pool.submit(() -> api.read("POST", path, op, searchBody(q, c)));
                    cursor = nextCursor;
                }
            }
            List<ObjectNode> items = new ArrayList<>();
            for (JsonNode item : page.path(listField)) {
                // The search over-returns (whole days for contacts, the second before for conversations): keep >= from.
                if (item.isObject() && item.path("updated_at").asLong(Long.MAX_VALUE) >= run.fromSec()) {
                    items.add((ObjectNode) item);
                }
            }
            try {
                onPage.accept(items);
            } catch (RuntimeException e) {
                if (pending != null) {
                    pending.cancel(true);
                }
                throw e;
            }
            run.checkpoint(run.searchCap());
            if (repeated) {
                throw new TapException("Intercom's " + op + " returned the cursor of an earlier page again after page " + pageNo
                        + ", so the stream was stopped instead of looping; its bookmark stays at the last complete page");
            }
        }
    }

    private ObjectNode searchBody(JsonNode query, String cursor) {
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query);
        ObjectNode pagination = body.putObject("pagination").put("per_page", pageSize);
        if (cursor != null) {
            pagination.put("starting_after", cursor);
        }
        body.putObject("sort").put("field", "updated_at").put("order", "ascending");
        return body;
    }
}
