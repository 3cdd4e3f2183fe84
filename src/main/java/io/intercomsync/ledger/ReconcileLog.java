package io.intercomsync.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ledger's record of its refreshes from the workspace's contact list (import.reconcile), and the marks
 * they leave on its contacts: a listing may stop half-way and go on where it stopped in a later run, and its
 * end forgets the contacts it never saw. Each step is one transaction, after the rows the ledger has pending.
 */
public final class ReconcileLog {
    private final Ledger ledger;
    private final LedgerReaders readers;
    private final String workspace;
    private final boolean empty; // read-only over a store that does not exist yet

    /**
     * The entries of one listed contact. Through the key: asked for columns the index by Intercom id lacks,
     * SQLite (no statistics, contacts kept WITHOUT ROWID) scans every contact of the workspace by its primary
     * key instead, once per listed contact, and a reconcile of 100,000 contacts ran for more than ten minutes.
     * The subquery reads that index alone; the outer query then finds each key by the primary key.
     */
    static final String FIND_BY_INTERCOM_ID = "SELECT contact_key, intercom_updated_at, updated_at, fingerprint"
            + " FROM ledger_contact WHERE workspace = ? AND contact_key IN"
            + " (SELECT contact_key FROM ledger_contact WHERE workspace = ? AND intercom_id = ?)";

    ReconcileLog(Ledger ledger, LedgerReaders readers, String workspace, boolean empty) {
        this.ledger = ledger;
        this.readers = readers;
        this.workspace = workspace;
        this.empty = empty;
    }

    /**
     * One refresh of the ledger from the workspace's contact list.
     *
     * @param startedAt  its id (epoch milliseconds); contacts a page showed are marked with it
     * @param nextCursor where the listing goes on ({@code starting_after}), or null at the start
     * @param pages      pages read so far
     * @param drifted    contacts found edited in Intercom so far
     */
    public record Run(long startedAt, String nextCursor, int pages, long drifted) {
    }

    /**
     * The newest refresh of this workspace that did not finish (the process stopped) and began after
     * {@code notBefore}, or null: an older one's pages say too little about the workspace now. One that began
     * before a refresh that finished is never returned: that one was given up (its cursor refused) or
     * overtaken, and its marks on the contacts are no longer its own.
     */
    public Run unfinished(Instant notBefore) {
        return empty ? null : readers.read(r -> {
            try (PreparedStatement s = r.connection.prepareStatement("SELECT started_at, next_cursor, pages, drifted FROM reconcile_run"
                    + " WHERE workspace = ? AND finished_at IS NULL AND started_at >= ?"
                    + " AND started_at > (SELECT COALESCE(MAX(started_at), -1) FROM reconcile_run WHERE workspace = ? AND finished_at IS NOT NULL)"
                    + " ORDER BY started_at DESC")) {
                s.setString(1, workspace);
                s.setLong(2, notBefore.toEpochMilli());
                s.setString(3, workspace);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Run(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4)) : null;
                }
            }
        });
    }

    /** When the last refresh of this workspace finished, or null if none did. */
    public Instant lastFinished() {
        return empty ? null : readers.read(r -> {
            try (PreparedStatement s = r.connection.prepareStatement("SELECT MAX(finished_at) FROM reconcile_run WHERE workspace = ?")) {
                s.setString(1, workspace);
                try (ResultSet rs = s.executeQuery()) {
                    long at = rs.next() ? rs.getLong(1) : 0;
                    return at == 0 ? null : Instant.ofEpochMilli(at);
                }
            }
        });
    }

    /** Begins a refresh that lists the workspace from its first page. */
    public Run start(Instant now) {
        Run run = new Run(now.toEpochMilli(), null, 0, 0);
        ledger.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO reconcile_run (workspace, started_at, next_cursor, pages, drifted)"
                    + " VALUES (?, ?, NULL, 0, 0)")) {
                p.setString(1, workspace);
                p.setLong(2, run.startedAt());
                p.executeUpdate();
            }
        });
        return run;
    }

    /**
     * One page of the listing, in one transaction: every listed contact the ledger knows is marked seen by
     * {@code run}; one whose {@code updated_at} is later than Intercom's answer to our last write (or, for
     * entries from before that was kept, than our own record of it) was edited there, and loses its
     * fingerprint so its next row writes it again.
     *
     * @param updatedAtById the page's contacts: Intercom id to updated_at (unix seconds)
     * @return the run after this page (its cursor and counts)
     */
    public Run page(Run run, Map<String, Long> updatedAtById, String nextCursor) {
        long[] drifted = {0};
        ledger.write(c -> {
            try (PreparedStatement find = c.prepareStatement(FIND_BY_INTERCOM_ID);
                 PreparedStatement seen = c.prepareStatement("UPDATE ledger_contact SET reconciled_at = ? WHERE workspace = ? AND contact_key = ?");
                 PreparedStatement stale = c.prepareStatement("UPDATE ledger_contact SET reconciled_at = ?, fingerprint = '"
                         + Ledger.DRIFTED + "', row_digest = NULL WHERE workspace = ? AND contact_key = ?");
                 PreparedStatement progress = c.prepareStatement("UPDATE reconcile_run SET next_cursor = ?, pages = ?, drifted = ?"
                         + " WHERE workspace = ? AND started_at = ?")) {
                for (Map.Entry<String, Long> listed : updatedAtById.entrySet()) {
                    find.setString(1, workspace);
                    find.setString(2, workspace);
                    find.setString(3, listed.getKey());
                    List<String[]> matches = new ArrayList<>();
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) {
                            long ours = rs.getLong(2);
                            if (rs.wasNull()) {
                                ours = rs.getLong(3); // recorded before v4: when we wrote it, by our clock
                            }
                            String fp = rs.getString(4);
                            boolean edited = listed.getValue() != null && listed.getValue() > ours
                                    && !fp.isEmpty() && !fp.equals(Ledger.DRIFTED);
                            matches.add(new String[]{rs.getString(1), edited ? "edited" : "seen"});
                        }
                    }
                    for (String[] m : matches) {
                        PreparedStatement u = m[1].equals("edited") ? stale : seen;
                        u.setLong(1, run.startedAt());
                        u.setString(2, workspace);
                        u.setString(3, m[0]);
                        u.executeUpdate();
                        if (u == stale) {
                            drifted[0]++;
                        }
                    }
                }
                progress.setString(1, nextCursor);
                progress.setInt(2, run.pages() + 1);
                progress.setLong(3, run.drifted() + drifted[0]);
                progress.setString(4, workspace);
                progress.setLong(5, run.startedAt());
                progress.executeUpdate();
            }
        });
        return new Run(run.startedAt(), nextCursor, run.pages() + 1, run.drifted() + drifted[0]);
    }

    /**
     * Ends a refresh whose listing reached its last page: the contacts the ledger has (and did not archive
     * itself) that the listing never showed were deleted, or archived, in Intercom since; they are
     * forgotten, so their rows create (or restore) them again. An entry written in a later second than the
     * refresh began is kept: the listing may have passed its page before it was created. Returns how many.
     */
    public long finish(Run run, Instant now) {
        long[] forgotten = {0};
        ledger.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM ledger_contact WHERE workspace = ? AND archived = 0"
                    + " AND (reconciled_at IS NULL OR reconciled_at <> ?) AND updated_at <= ?");
                 PreparedStatement f = c.prepareStatement("UPDATE reconcile_run SET finished_at = ?, drifted = ?"
                         + " WHERE workspace = ? AND started_at = ?")) {
                d.setString(1, workspace);
                d.setLong(2, run.startedAt());
                // updated_at has whole seconds: an entry of the second the refresh began in counts as older
                d.setLong(3, run.startedAt() / 1000);
                forgotten[0] = d.executeUpdate();
                f.setLong(1, Math.max(now.toEpochMilli(), run.startedAt() + 1));
                f.setLong(2, run.drifted() + forgotten[0]);
                f.setString(3, workspace);
                f.setLong(4, run.startedAt());
                f.executeUpdate();
            }
        });
        return forgotten[0];
    }
}
