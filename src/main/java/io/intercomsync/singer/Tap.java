package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.intercom.AuthenticationException;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomException;
import io.intercomsync.intercom.NotFoundException;
import io.intercomsync.intercom.RateLimitedException;
import io.intercomsync.intercom.RequestRejectedException;
import io.intercomsync.intercom.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Singer tap: Intercom's objects out as SCHEMA, RECORD and STATE messages on stdout.
 *
 * <p>Plain Java, no Camel: a tap is a program that reads an API and streams lines to stdout for a
 * target to consume, with nothing to route, so Camel would add a context and no behaviour. It shares the
 * {@link IntercomClient} and its rate-limit governor with the rest of intercom-sync.
 *
 * <p>Incremental streams (users, leads, conversations, conversation_parts, companies) bookmark on
 * {@code updated_at} with {@code >=} semantics: records sharing the bookmark's second are emitted again
 * rather than lost. A bookmark never passes the moment the stream started (less the search lag, for
 * search-based streams: Intercom's search shows writes only after a delay), so a record changed during a
 * sync is picked up next time. Search results come sorted by {@code updated_at} ascending, and a STATE
 * follows every page, so a killed sync resumes from its last page instead of from zero.
 */
public final class Tap {
    private static final Logger LOG = LoggerFactory.getLogger(Tap.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TapConfig config;
    private final Api api;
    private final SingerOutput out;
    private final Bookmarks state;
    private Map<String, String> tagNames;
    /** Bounded pool (parts_concurrency) for per-record calls: conversation parts, contacts' lists beyond ten. */
    private ExecutorService pool;
    private final AtomicInteger shortConversations = new AtomicInteger();

    public Tap(TapConfig config, IntercomClient client, PrintWriter stdout, Bookmarks state) {
        this.config = config;
        this.api = new Api(client, config.retries());
        this.out = new SingerOutput(stdout);
        this.state = state;
    }

    /** Syncs the selected streams; throws {@link TapException} naming the first stream that failed. */
    public void sync(List<Catalog.Selection> selections) {
        List<Catalog.Selection> order = new ArrayList<>(selections);
        if (order.isEmpty()) {
            LOG.warn("The catalog selects no stream: nothing to sync (set \"selected\": true in a stream's top metadata)");
        }
        String resume = state.currentlySyncing();
        if (resume != null) {
            // Singer convention: an interrupted sync resumes with the stream it was in.
            order.stream().filter(s -> s.stream().id().equals(resume)).findFirst().ifPresent(s -> {
                order.remove(s);
                order.add(0, s);
                LOG.info("Resuming with {}, the stream the last sync was in", resume);
            });
        }
        List<String> failures = new ArrayList<>();
        pool = Executors.newFixedThreadPool(config.partsConcurrency(), r -> {
            Thread t = new Thread(r, "tap-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            syncAll(order, failures);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new TapException(failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more streams failed)" : ""));
        }
    }

    private void syncAll(List<Catalog.Selection> order, List<String> failures) {
        for (Catalog.Selection sel : order) {
            TapStream s = sel.stream();
            state.setCurrentlySyncing(s.id());
            out.state(state.toJson());
            StreamRun run = new StreamRun(sel);
            out.schema(s.id(), run.schema, s.keyProperties(), sel.incremental() ? s.replicationKey() : null);
            long t0 = System.nanoTime();
            long calls0 = api.calls();
            try {
                syncStream(run);
                LOG.info("{}: {} records in {} ms ({} API calls)", s.id(), run.emitted,
                        (System.nanoTime() - t0) / 1_000_000, api.calls() - calls0);
            } catch (AuthenticationException e) {
                throw e; // nothing else can succeed
            } catch (IntercomException | TapException e) {
                LOG.error("{} stopped after {} records: {}", s.id(), run.emitted, e.getMessage());
                failures.add(s.id() + " stopped: " + e.getMessage());
            }
        }
        state.setCurrentlySyncing(null);
        out.state(state.toJson());
        if (shortConversations.get() > 0) {
            LOG.warn("{} conversations have more parts than Intercom returns (it gives the 500 newest); their oldest parts are missing",
                    shortConversations.get());
        }
        LOG.info("Sync done: {} records, {} API calls, {} retries", out.recordCount(), api.calls(), api.retries());
    }

    /** Per-stream context: schema, bookmark window and counters. */
    private final class StreamRun {
        final Catalog.Selection sel;
        final TapStream stream;
        final ObjectNode schema;
        final RecordTransformer transformer;
        final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final String timeExtracted = started.toString();
        final Instant from;
        long emitted;
        long maxSeen = Long.MIN_VALUE; // newest replication-key value emitted, epoch seconds

        StreamRun(Catalog.Selection sel) {
            this.sel = sel;
            this.stream = sel.stream();
            // fields the catalog deselects are left out of the SCHEMA too: every RECORD has every property of it
            this.schema = Schemas.of(stream);
            ((ObjectNode) schema.get("properties")).remove(sel.deselectedFields());
            this.transformer = new RecordTransformer(stream.id(), schema);
            Instant bookmark = sel.incremental() ? state.get(stream.id()) : null;
            this.from = bookmark != null && bookmark.isAfter(config.startDate()) ? bookmark : config.startDate();
        }

        long fromSec() {
            return from.getEpochSecond();
        }

        void emit(ObjectNode raw) {
            out.record(stream.id(), transformer.apply(raw), timeExtracted);
            emitted++;
        }

        void seen(long updatedAt) {
            maxSeen = Math.max(maxSeen, updatedAt);
        }

        /**
         * Moves the bookmark to what has been seen, never past {@code cap} and never backwards, and writes
         * a STATE. Called after every page; for ascending sorts everything before the newest seen value is done.
         */
        void checkpoint(Instant cap) {
            if (sel.incremental() && maxSeen != Long.MIN_VALUE) {
                Instant candidate = Instant.ofEpochSecond(maxSeen);
                if (candidate.isAfter(cap)) {
                    candidate = cap;
                }
                Instant current = state.get(stream.id());
                if (candidate.isAfter(from) && (current == null || candidate.isAfter(current))) {
                    state.set(stream.id(), stream.replicationKey(), candidate);
                }
            }
            out.state(state.toJson());
        }

        /** Search-based streams: the search shows writes only after a lag, so a bookmark stays that far behind the start. */
        Instant searchCap() {
            return started.minusSeconds(config.searchLagSeconds());
        }
    }

    private void syncStream(StreamRun run) {
        switch (run.stream) {
            case ADMINS -> list(run, "/admins", "admins");
            case TEAMS -> list(run, "/teams", "teams");
            case TAGS -> list(run, "/tags", "data");
            case SEGMENTS -> list(run, "/segments?include_count=true", "segments");
            case COMPANY_SEGMENTS -> list(run, "/segments?type=company&include_count=true", "segments");
            case CUSTOMER_ATTRIBUTES -> list(run, "/data_attributes?model=contact", "data");
            case COMPANY_ATTRIBUTES -> list(run, "/data_attributes?model=company", "data");
            case USERS -> contacts(run, "user");
            case LEADS -> contacts(run, "lead");
            case CONVERSATIONS -> conversations(run);
            case CONVERSATION_PARTS -> conversationParts(run);
            case COMPANIES -> companies(run);
            default -> throw new IllegalStateException("no sync for " + run.stream);
        }
    }

    // ------------------------------------------------------------------ FULL_TABLE lists

    private void list(StreamRun run, String path, String field) {
        String op = "GET " + (path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        JsonNode page = api.read("GET", path, op, null);
        for (JsonNode item : page.path(field)) {
            if (item.isObject()) {
                run.emit((ObjectNode) item);
            }
        }
        run.checkpoint(run.started);
    }

    // ------------------------------------------------------------------ search (contacts, conversations)

    /**
     * Pages through a search on {@code updated_at > strictlyAfter}, sorted by updated_at ascending, keeps the
     * records with {@code updated_at >= from}, hands each page to {@code onPage} and then writes a checkpoint. A cursor seen before stops the stream: following
     * it would loop for ever or re-read the same pages.
     */
    private void search(StreamRun run, String path, String listField, long strictlyAfter, JsonNode extraFilter,
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
            JsonNode page = await(pending);
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
                    pending = pool.submit(() -> api.read("POST", path, op, searchBody(q, c)));
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
        ObjectNode pagination = body.putObject("pagination").put("per_page", config.pageSize());
        if (cursor != null) {
            pagination.put("starting_after", cursor);
        }
        body.putObject("sort").put("field", "updated_at").put("order", "ascending");
        return body;
    }

    private void contacts(StreamRun run, String role) {
        ObjectNode roleFilter = JSON.createObjectNode().put("field", "role").put("operator", "=").put("value", role);
        // Contact search truncates dates to whole days in the workspace's time zone and supports only =, < and >
        // on them: "> two days before" covers the bookmark's whole day whatever the zone (and a 25-hour day).
        search(run, "/contacts/search", "data", run.fromSec() - 2 * 86_400, roleFilter, page -> {
            // Contacts whose tags or companies go beyond the ten inlined need a call each: made in parallel.
            List<Future<ObjectNode>> shaped = new ArrayList<>(page.size());
            for (ObjectNode c : page) {
                boolean more = c.path("tags").path("has_more").asBoolean(false) || c.path("companies").path("has_more").asBoolean(false);
                shaped.add(more ? pool.submit(() -> denestContact(c)) : CompletableFuture.completedFuture(denestContact(c)));
            }
            try {
                for (int i = 0; i < page.size(); i++) {
                    run.emit(await(shaped.get(i)));
                    run.seen(page.get(i).path("updated_at").asLong());
                }
            } finally {
                shaped.forEach(f -> f.cancel(true));
            }
        });
    }

    private ObjectNode denestContact(ObjectNode c) {
        String id = c.path("id").asText();
        c.remove("notes");
        JsonNode social = c.path("social_profiles");
        if (social.isObject()) {
            c.set("social_profiles", social.path("data"));
        }
        JsonNode tags = c.path("tags");
        if (tags.isObject()) {
            JsonNode items = tags.path("data");
            if (tags.path("has_more").asBoolean(false)) {
                try {
                    items = api.read("GET", "/contacts/" + encode(id) + "/tags", "GET /contacts/{id}/tags", null).path("data");
                } catch (NotFoundException e) {
                    LOG.warn("users/leads: contact {} is gone (404) since the search listed it; writing its inlined tags", id);
                }
            }
            ArrayNode list = JSON.createArrayNode();
            for (JsonNode t : items) {
                String tagId = t.path("id").asText();
                String name = t.path("name").isTextual() ? t.path("name").asText() : tagName(tagId);
                list.addObject().put("id", tagId).put("name", name);
            }
            c.set("tags", list);
        }
        JsonNode companies = c.path("companies");
        if (companies.isObject()) {
            ArrayNode list = JSON.createArrayNode();
            List<JsonNode> all = null;
            if (companies.path("has_more").asBoolean(false)) {
                try {
                    all = attachedCompanies(id);
                } catch (NotFoundException e) {
                    LOG.warn("users/leads: contact {} is gone (404) since the search listed it; writing its inlined companies", id);
                }
            }
            if (all != null) {
                for (JsonNode co : all) {
                    list.addObject().put("id", co.path("id").asText());
                }
            } else {
                for (JsonNode co : companies.path("data")) {
                    list.addObject().put("id", co.path("id").asText());
                }
            }
            c.set("companies", list);
        }
        return c;
    }

    private List<JsonNode> attachedCompanies(String contactId) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= 1000; page++) {
            JsonNode res = api.read("GET", "/contacts/" + encode(contactId) + "/companies?per_page=50&page=" + page,
                    "GET /contacts/{id}/companies", null);
            res.path("companies").forEach(all::add);
            JsonNode pages = res.path("pages");
            if (res.path("companies").isEmpty() || pages.path("total_pages").asInt(1) <= page) {
                break;
            }
        }
        return all;
    }

    private synchronized String tagName(String id) {
        if (tagNames == null) {
            tagNames = new HashMap<>();
            for (JsonNode t : api.read("GET", "/tags", "GET /tags", null).path("data")) {
                tagNames.put(t.path("id").asText(), t.path("name").asText(null));
            }
        }
        return tagNames.get(id);
    }

    private void conversations(StreamRun run) {
        search(run, "/conversations/search", "conversations", run.fromSec() - 1, null, page -> {
            for (ObjectNode c : page) {
                run.emit(denestConversation(c));
                run.seen(c.path("updated_at").asLong());
            }
        });
    }

    private static ObjectNode denestConversation(ObjectNode c) {
        c.remove("conversation_parts");
        unwrap(c, "tags", "tags");
        unwrap(c, "contacts", "contacts");
        unwrap(c, "teammates", "teammates");
        return c;
    }

    private static void unwrap(ObjectNode o, String field, String inner) {
        JsonNode v = o.path(field);
        if (v.isObject()) {
            o.set(field, v.path(inner).isArray() ? v.path(inner) : JSON.createArrayNode());
        }
    }

    // ------------------------------------------------------------------ conversation parts, in parallel

    private void conversationParts(StreamRun run) {
        search(run, "/conversations/search", "conversations", run.fromSec() - 1, null, page -> {
            List<Future<JsonNode>> fetches = new ArrayList<>(page.size());
            for (ObjectNode c : page) {
                String id = c.path("id").asText();
                fetches.add(pool.submit(() -> fetchConversation(id)));
            }
            try {
                for (int i = 0; i < page.size(); i++) {
                    JsonNode full = await(fetches.get(i));
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
            return api.read("GET", "/conversations/" + encode(id), "GET /conversations/{id}", null);
        } catch (NotFoundException e) {
            LOG.warn("conversation_parts: conversation {} is gone (404) since the search listed it; skipping it", id);
            return null;
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TapException("the tap was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TapException("fetching a conversation failed: " + e.getCause(), e.getCause());
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

    // ------------------------------------------------------------------ companies, through the scroll

    /**
     * The scroll is the only way to read every company, and Intercom allows one per workspace at a time:
     * a second start answers 400 scroll_exists (we wait for the other one to finish or expire), a
     * scroll_param answers 404 once it expired (we start again), and a failed page (5xx, no answer, empty
     * body) may already have moved the scroll on, so it is not asked again: we drain the broken scroll to
     * its end, which frees the workspace's slot, and start a new one. Companies already written in this run
     * are not written twice. The scroll is not ordered, so the bookmark moves only at the end.
     */
    private void companies(StreamRun run) {
        Set<String> written = new HashSet<>();
        int restarts = 0;
        boolean done = false;
        while (!done) {
            JsonNode page = startScroll();
            String param = page.path("scroll_param").asText(null);
            while (true) {
                JsonNode data = page.path("data");
                if (!data.isArray() || data.isEmpty()) {
                    done = true;
                    break;
                }
                for (JsonNode co : data) {
                    if (co.isObject() && co.path("updated_at").asLong(Long.MAX_VALUE) >= run.fromSec()
                            && written.add(co.path("id").asText())) {
                        run.emit(denestCompany((ObjectNode) co));
                        run.seen(co.path("updated_at").asLong());
                    }
                }
                out.state(state.toJson()); // the bookmark cannot move mid-scroll; the STATE still marks progress
                if (param == null) {
                    throw new TapException("GET /companies/scroll answered without a scroll_param");
                }
                try {
                    page = scrollPage(param);
                } catch (NotFoundException e) {
                    LOG.warn("companies: the scroll expired ({}); starting a new one", e.getMessage());
                    restarts = restart(restarts);
                    break;
                } catch (RetryableException e) {
                    LOG.warn("companies: a scroll page failed ({}); it may have been consumed, so the scroll is drained and started again",
                            e.getMessage());
                    drain(param);
                    restarts = restart(restarts);
                    break;
                }
                param = page.path("scroll_param").asText(param);
            }
        }
        run.checkpoint(run.started);
    }

    private int restart(int restarts) {
        if (restarts + 1 >= config.maxAttempts()) {
            throw new TapException("the companies scroll broke " + (restarts + 1) + " times; giving up");
        }
        return restarts + 1;
    }

    private JsonNode startScroll() {
        long deadline = System.currentTimeMillis() + config.scrollWaitSeconds() * 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return api.once("GET", "/companies/scroll", "GET /companies/scroll", null);
            } catch (RequestRejectedException e) {
                if (!"scroll_exists".equals(e.code())) {
                    throw e;
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new TapException("another companies scroll has held this workspace's only scroll slot for over "
                            + config.scrollWaitSeconds() + " s (Intercom allows one at a time); run the tap again once it has finished");
                }
                LOG.info("companies: another scroll is running in this workspace (scroll_exists); waiting {} ms for it to finish or expire",
                        config.scrollRetryMs());
                Api.sleep(config.scrollRetryMs());
            } catch (RetryableException e) {
                if (attempt >= config.maxAttempts()) {
                    throw e;
                }
                api.pause(e, attempt, "GET /companies/scroll");
            }
        }
    }

    /** The next page of a scroll; a 429 did not reach the scroll, so only that is asked again. */
    private JsonNode scrollPage(String param) {
        for (int attempt = 1; ; attempt++) {
            try {
                return api.once("GET", "/companies/scroll?scroll_param=" + encode(param), "GET /companies/scroll", null);
            } catch (RateLimitedException e) {
                if (attempt >= config.maxAttempts()) {
                    throw e;
                }
                api.pause(e, attempt, "GET /companies/scroll");
            }
        }
    }

    /** Reads a broken scroll to its end (or expiry) without writing anything, so the workspace may start another. */
    private void drain(String param) {
        int failures = 0;
        String p = param;
        while (true) {
            try {
                JsonNode page = scrollPage(p);
                if (!page.path("data").isArray() || page.path("data").isEmpty()) {
                    return;
                }
                p = page.path("scroll_param").asText(p);
            } catch (NotFoundException e) {
                return; // expired: the slot is free
            } catch (RetryableException e) {
                if (++failures >= config.maxAttempts()) {
                    LOG.warn("companies: could not drain the broken scroll; the new one waits for it to expire");
                    return;
                }
                api.pause(e, failures, "GET /companies/scroll");
            }
        }
    }

    private static ObjectNode denestCompany(ObjectNode co) {
        unwrap(co, "tags", "tags");
        unwrap(co, "segments", "segments");
        return co;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
