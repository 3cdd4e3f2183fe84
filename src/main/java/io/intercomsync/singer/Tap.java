package io.intercomsync.singer;

import io.intercomsync.intercom.AuthenticationException;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    private final TapConfig config;
    private final Api api;
    private final SingerOutput out;
    private final Bookmarks state;
    // One object per stream family, made once per Tap: contacts keep their tag-name cache and conversations
    // their count of truncated conversations from one stream (and one sync) to the next.
    private final FullTableLists lists;
    private final ContactsSearch contacts;
    private final ConversationsSearch conversations;
    private final CompaniesScroll companies;

    public Tap(TapConfig config, IntercomClient client, PrintWriter stdout, Bookmarks state) {
        this.config = config;
        this.api = new Api(client, config.retries());
        this.out = new SingerOutput(stdout);
        this.state = state;
        UpdatedAtSearch search = new UpdatedAtSearch(api, config.pageSize());
        this.lists = new FullTableLists(api);
        this.contacts = new ContactsSearch(api, search);
        this.conversations = new ConversationsSearch(api, search);
        this.companies = new CompaniesScroll(api, config);
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
        // Bounded (parts_concurrency) for per-record calls: conversation parts, contacts' lists beyond ten. Every
        // thread goes through the one client, so the one RateLimitGovernor paces them all.
        ExecutorService pool = Executors.newFixedThreadPool(config.partsConcurrency(), r -> {
            Thread t = new Thread(r, "tap-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            syncAll(order, failures, pool);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new TapException(failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more streams failed)" : ""));
        }
    }

    private void syncAll(List<Catalog.Selection> order, List<String> failures, ExecutorService pool) {
        for (Catalog.Selection sel : order) {
            TapStream s = sel.stream();
            state.setCurrentlySyncing(s.id());
            out.state(state.toJson());
            StreamRun run = new StreamRun(sel, pool, config, out, state);
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
        conversations.warnIfPartsWereMissing();
        LOG.info("Sync done: {} records, {} API calls, {} retries", out.recordCount(), api.calls(), api.retries());
    }

    /** Which family reads which stream; the families own the endpoints and the paging. */
    private void syncStream(StreamRun run) {
        switch (run.stream) {
            case ADMINS, TEAMS, TAGS, SEGMENTS, COMPANY_SEGMENTS, CUSTOMER_ATTRIBUTES, COMPANY_ATTRIBUTES -> lists.sync(run);
            case USERS -> contacts.sync(run, "user");
            case LEADS -> contacts.sync(run, "lead");
            case CONVERSATIONS -> conversations.syncConversations(run);
            case CONVERSATION_PARTS -> conversations.syncParts(run);
            case COMPANIES -> companies.sync(run);
            default -> throw new IllegalStateException("no sync for " + run.stream);
        }
    }
}
