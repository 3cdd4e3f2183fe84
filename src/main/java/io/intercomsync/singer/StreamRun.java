package io.intercomsync.singer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;

/**
 * One stream's run within a sync: its schema, its bookmark window and its counters, and the sync's worker
 * pool. Every stream family writes records and checkpoints through it, so the bookmark rules live in one place.
 */
final class StreamRun {
    final Catalog.Selection sel;
    final TapStream stream;
    final ObjectNode schema;
    final RecordTransformer transformer;
    final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final String timeExtracted = started.toString();
    final Instant from;
    /**
     * The sync's bounded pool (parts_concurrency) for per-record calls: conversation parts, contacts' lists
     * beyond ten, the next search page. It lives for one sync, so it travels with the run rather than with
     * the stream families, which live as long as the {@link Tap}.
     */
    final ExecutorService pool;
    long emitted;
    long maxSeen = Long.MIN_VALUE; // newest replication-key value emitted, epoch seconds

    private final TapConfig config;
    private final SingerOutput out;
    private final Bookmarks state;

    StreamRun(Catalog.Selection sel, ExecutorService pool, TapConfig config, SingerOutput out, Bookmarks state) {
        this.sel = sel;
        this.stream = sel.stream();
        this.pool = pool;
        this.config = config;
        this.out = out;
        this.state = state;
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

    /** A STATE without moving the bookmark: for unordered reads (the companies scroll), where only the end is safe. */
    void markProgress() {
        out.state(state.toJson());
    }

    /** Search-based streams: the search shows writes only after a lag, so a bookmark stays that far behind the start. */
    Instant searchCap() {
        return started.minusSeconds(config.searchLagSeconds());
    }
}
