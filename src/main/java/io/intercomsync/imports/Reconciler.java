package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.RequestRejectedException;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.ReconcileLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Refreshes the ledger from the workspace's contact list ({@code GET /contacts}, 150 a page) before a
 * run compares its rows: a contact deleted (or archived by someone) in Intercom is forgotten, so its row
 * creates it again; one edited there since our last write loses its fingerprint, so its row writes it
 * again. Each page is one ledger transaction that also keeps the cursor: a run stopped half-way resumes
 * from the page it reached the next time a reconcile is asked for (within a day; an older one, or one whose
 * saved cursor Intercom refuses, starts again; a cursor refused that this listing was just given stops the
 * run, and so does a cursor given twice). One process at a time should reconcile a workspace: two would each take the other's entries
 * for unlisted.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    static final int PER_PAGE = 150;
    /** A stopped listing older than this starts again from the first page. */
    static final Duration RESUME_WITHIN = Duration.ofHours(24);

    /** How one page is fetched: the call, retried as the preflight's are. */
    interface Pages {
        JsonNode page(Supplier<JsonNode> call);
    }

    private final IntercomClient client;
    private final Ledger ledger;
    private final Pages pages;

    Reconciler(IntercomClient client, Ledger ledger, Pages pages) {
        this.client = client;
        this.ledger = ledger;
        this.pages = pages;
    }

    /** Whether this run reconciles: asked with --reconcile, or the last refresh is older than import.reconcile-every. */
    static boolean due(boolean asked, Duration every, Instant lastFinished, Instant now) {
        if (asked) {
            return true;
        }
        return every != null && (lastFinished == null || !lastFinished.plus(every).isAfter(now));
    }

    /** Lists the whole workspace (or the rest of a stopped listing) and returns how many contacts drifted. */
    long run() {
        ReconcileLog.Run r = ledger.reconciles().unfinished(Instant.now().minus(RESUME_WITHIN));
        if (r != null) {
            LOG.info("Reconcile: resuming the listing stopped after {} pages", r.pages());
        } else {
            r = ledger.reconciles().start(Instant.now());
        }
        long listed = 0;
        // only the cursor a stopped run saved is given up on; one this listing was just given is not
        // (listing again would meet the same refusal, forever)
        boolean savedCursor = r.nextCursor() != null;
        // Every cursor this listing followed: one given again would list the same pages for ever.
        Set<String> followed = new HashSet<>();
        if (r.nextCursor() != null) {
            followed.add(r.nextCursor());
        }
        while (true) {
            String cursor = r.nextCursor();
            JsonNode page;
            try {
                page = pages.page(() -> client.listContacts(PER_PAGE, cursor));
            } catch (RequestRejectedException e) {
                if (!savedCursor) {
                    throw e;
                }
                // the saved cursor is no longer accepted (it expired, or is unknown): list from the start
                LOG.info("Reconcile: the saved cursor was refused ({}); listing from the start", e.getMessage());
                r = ledger.reconciles().start(Instant.now());
                savedCursor = false;
                followed.clear(); // a new listing: the refused cursor is no page of it
                continue;
            }
            savedCursor = false;
            Map<String, Long> updatedAt = new LinkedHashMap<>();
            for (JsonNode c : page.path("data")) {
                JsonNode at = c.path("updated_at");
                updatedAt.put(c.path("id").asText(), at.isNumber() ? at.asLong() : null);
            }
            listed += updatedAt.size();
            JsonNode next = page.path("pages").path("next").path("starting_after");
            String nextCursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
            if (nextCursor != null && !followed.add(nextCursor)) {
                // Stopped before the page is recorded and before the end: finishing would take every contact
                // the listing never reached for deleted. The saved cursor stays where the last good page left it.
                throw new IllegalStateException("GET /contacts gave back a cursor (starting_after) it had given before, after page "
                        + (r.pages() + 1) + ", so the reconcile was stopped instead of listing the same pages for ever;"
                        + " nothing was forgotten from the ledger");
            }
            r = ledger.reconciles().page(r, updatedAt, nextCursor);
            if (nextCursor == null || updatedAt.isEmpty()) {
                break;
            }
        }
        long edited = r.drifted();
        long gone = ledger.reconciles().finish(r, Instant.now());
        LOG.info("Reconcile: {} contacts listed in {} pages; {} edited in Intercom since we wrote them, {} deleted or archived there",
                listed, r.pages(), edited, gone);
        return edited + gone;
    }
}
