package io.intercomsync.watch;

import io.intercomsync.ledger.LedgerException;
import io.intercomsync.ledger.LedgerSettings;
import io.intercomsync.ledger.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files of a source watch mode has imported, in the state store beside the ledger. Each file is
 * claimed by one process with one atomic statement before it is imported, so several watchers on one
 * store never import a file twice, even without leader election. A claim is kept alive by heartbeats;
 * the claim of a process that died goes stale and another process (or the restarted one) takes it
 * over, resuming from the ledger. A run that stopped (bad token, unreachable) is tried again on later
 * polls while attempts are left; a run that finished, even with failed rows, is done for good, unless
 * the file changes afterwards: a file whose version (its size and modification time) differs from the
 * one seen when it was claimed is due again, with fresh attempts (an exporter that paused longer than
 * source.stable-ms and then went on writing, or a file replaced under the same name).
 */
public final class ImportedFiles implements AutoCloseable {
    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String FAILED = "failed";

    private final Connection connection;
    private final String owner;
    private final int maxAttempts;
    private final long staleAfterMs;

    private ImportedFiles(Connection connection, String owner, int maxAttempts, Duration staleAfter) {
        this.connection = connection;
        this.owner = owner;
        this.maxAttempts = maxAttempts;
        this.staleAfterMs = staleAfter.toMillis();
    }

    /**
     * @param owner       names this process in the store (host and pid, or the pod's name)
     * @param maxAttempts runs per file that may stop before the file is given up
     * @param staleAfter  a claim without a heartbeat for this long belongs to a dead process
     */
    public static ImportedFiles open(LedgerSettings settings, String owner, int maxAttempts, Duration staleAfter) {
        return new ImportedFiles(StateStore.openMigrated(settings), owner, maxAttempts, staleAfter);
    }

    /** The candidates still to import, in the order given: never claimed, failed with attempts left, or stale. */
    public synchronized List<String> due(String source, List<String> candidates, long nowMs) {
        Map<String, String> unversioned = new LinkedHashMap<>();
        candidates.forEach(c -> unversioned.put(c, null));
        return due(source, unversioned, nowMs);
    }

    /**
     * The candidates still to import, in the order given: never claimed, failed with attempts left,
     * stale, or changed since they were claimed.
     *
     * @param candidates each file's current version (null: unknown, never "changed")
     */
    public synchronized List<String> due(String source, Map<String, String> candidates, long nowMs) {
        Snapshot snapshot = snapshot(source, nowMs);
        List<String> due = new ArrayList<>();
        candidates.forEach((file, version) -> {
            if (snapshot.isDue(file, version)) {
                due.add(file);
            }
        });
        return due;
    }

    /**
     * The source's claims as one query read them, to ask about many files of one listing: a consumer's
     * filter asks per file, and a query per file would cost a poll the square of the folder's size. A
     * snapshot may be a poll old; claiming stays one atomic statement, so a stale answer only costs a
     * claim that fails.
     */
    public synchronized Snapshot snapshot(String source, long nowMs) {
        Map<String, Row> known = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT file, status, attempts, heartbeat_at, version FROM imported_files WHERE source = ?")) {
            s.setString(1, source);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new Row(rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return new Snapshot(known, nowMs);
    }

    /** See {@link #snapshot}. */
    public final class Snapshot {
        private final Map<String, Row> known;
        private final long nowMs;

        private Snapshot(Map<String, Row> known, long nowMs) {
            this.known = known;
            this.nowMs = nowMs;
        }

        /** Never claimed, failed with attempts left, stale, or changed since it was claimed ({@code version} null: unknown). */
        public boolean isDue(String file, String version) {
            Row row = known.get(file);
            return row == null || claimable(row, nowMs) || changed(row, version);
        }
    }

    /** A finished (or given up) file that is no longer what was claimed; an unknown version never counts. */
    private static boolean changed(Row row, String version) {
        return !RUNNING.equals(row.status) && version != null && row.version != null && !version.equals(row.version);
    }

    private record Row(String status, int attempts, long heartbeatAt, String version) {
    }

    private boolean claimable(Row row, long nowMs) {
        return (FAILED.equals(row.status) && row.attempts < maxAttempts)
                || (RUNNING.equals(row.status) && row.heartbeatAt < nowMs - staleAfterMs);
    }

    /** Takes the file for this process: false when it is done, given up, or another live process has it. */
    public synchronized boolean claim(String source, String file, long nowMs) {
        return claim(source, file, null, nowMs);
    }

    /**
     * Takes the file for this process: false when it is done (and unchanged), given up, or another live
     * process has it. {@code version} is the file's as it is claimed (null: unknown); a file claimed again
     * because it changed starts with fresh attempts.
     */
    public synchronized boolean claim(String source, String file, String version, long nowMs) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO imported_files (source, file, status, attempts, owner, heartbeat_at, version) VALUES (?, ?, ?, 1, ?, ?, ?)"
                        + " ON CONFLICT (source, file) DO NOTHING")) {
            insert.setString(1, source);
            insert.setString(2, file);
            insert.setString(3, RUNNING);
            insert.setString(4, owner);
            insert.setLong(5, nowMs);
            insert.setString(6, version);
            if (insert.executeUpdate() == 1) {
                return true;
            }
        } catch (SQLException e) {
            throw failure("claim " + file + " in", e);
        }
        String changed = version == null ? "FALSE" : "(status <> ? AND version IS NOT NULL AND version <> ?)";
        try (PreparedStatement retake = connection.prepareStatement(
                "UPDATE imported_files SET status = ?, attempts = CASE WHEN " + changed + " THEN 1 ELSE attempts + 1 END,"
                        + " owner = ?, heartbeat_at = ?, finished_at = NULL, version = COALESCE(?, version)"
                        + " WHERE source = ? AND file = ?"
                        + " AND ((status = ? AND attempts < ?) OR (status = ? AND heartbeat_at < ?) OR " + changed + ")")) {
            int i = 1;
            retake.setString(i++, RUNNING);
            if (version != null) {
                retake.setString(i++, RUNNING);
                retake.setString(i++, version);
            }
            retake.setString(i++, owner);
            retake.setLong(i++, nowMs);
            retake.setString(i++, version);
            retake.setString(i++, source);
            retake.setString(i++, file);
            retake.setString(i++, FAILED);
            retake.setInt(i++, maxAttempts);
            retake.setString(i++, RUNNING);
            retake.setLong(i++, nowMs - staleAfterMs);
            if (version != null) {
                retake.setString(i++, RUNNING);
                retake.setString(i, version);
            }
            return retake.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("claim " + file + " in", e);
        }
    }

    /** Keeps this process's claim alive while the file is being imported. */
    public synchronized void heartbeat(String source, String file, long nowMs) {
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE imported_files SET heartbeat_at = ? WHERE source = ? AND file = ? AND owner = ? AND status = ?")) {
            s.setLong(1, nowMs);
            s.setString(2, source);
            s.setString(3, file);
            s.setString(4, owner);
            s.setString(5, RUNNING);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("renew the claim on " + file + " in", e);
        }
    }

    /** The run over the file finished (every row done or failed): it is never imported again. */
    public synchronized void done(String source, String file, String outcome, long nowMs) {
        finish(DONE, source, file, outcome, nowMs);
    }

    /** The run stopped before finishing: a later poll tries again while attempts are left. */
    public synchronized void failed(String source, String file, String outcome, long nowMs) {
        finish(FAILED, source, file, outcome, nowMs);
    }

    private void finish(String status, String source, String file, String outcome, long nowMs) {
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE imported_files SET status = ?, finished_at = ?, heartbeat_at = ?, outcome = ? WHERE source = ? AND file = ? AND owner = ?")) {
            s.setString(1, status);
            s.setLong(2, nowMs);
            s.setLong(3, nowMs);
            s.setString(4, outcome);
            s.setString(5, source);
            s.setString(6, file);
            s.setString(7, owner);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("record the end of " + file + " in", e);
        }
    }

    private static LedgerException failure(String what, SQLException e) {
        return new LedgerException("cannot " + what + " the state store: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown: every claim was recorded when it was made
        }
    }
}
