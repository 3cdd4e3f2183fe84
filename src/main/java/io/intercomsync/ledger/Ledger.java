package io.intercomsync.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sync ledger: what earlier runs sent to one Intercom workspace, so that a row which has not
 * changed costs no API call and a known contact is updated by id in one call.
 *
 * <p>Per contact key ({@code ContactKey.dedupeKey()}) it keeps the Intercom id, the fingerprint of the
 * body last sent successfully and the Intercom id of the company the contact was last attached to;
 * per company ({@code company_id}) the Intercom id and the fingerprint of the body last sent.
 *
 * <p>Lookups go to the database ({@link LedgerReaders}: prepared statements on a few pooled connections),
 * row by row or a batch of keys read ahead, so memory does not depend on how many contacts the ledger
 * knows. Writes are collected and written in one transaction every {@link LedgerSettings#flushRows()} entries, every
 * {@link LedgerSettings#flushInterval()} and on {@link #close()}: a process killed in between loses at
 * most that batch's knowledge, and those rows are simply sent again by the next run.
 *
 * <p>Safe for many threads, and for several processes on one store: SQLite in WAL mode with a busy
 * timeout and immediate write transactions, PostgreSQL as it is; every write is an upsert
 * ({@code ON CONFLICT ... DO UPDATE}), the last writer wins.
 *
 * <p>Its refreshes from the workspace's contact list (import.reconcile) are kept by {@link ReconcileLog}.
 *
 * <p>Entries are scoped by workspace (Intercom's app id): a store shared by a test workspace and the
 * real one keeps them apart.
 */
public final class Ledger implements AutoCloseable {
    /** The schema this code writes (the state store's: {@link StateStore}). */
    public static final int SCHEMA_VERSION = StateStore.SCHEMA_VERSION;

    /**
     * What the ledger knows of a contact.
     *
     * @param companyIntercomId the company we attached it to, or null
     * @param tags              the tags we attached, one name per line, or null when none
     * @param source            the source whose file wrote it (the place, not the file), or null when no import
     *                          wrote it (it was skipped as existing, or the Singer target wrote it)
     * @param archived          we archived it (import.missing=archive) and no later file has had it again
     * @param intercomUpdatedAt the contact's updated_at in Intercom's answer to our last write (unix seconds), or
     *                          null: a later updated_at in the workspace's list means someone edited it there
     * @param rowDigest         the digest of the file's row whose body has {@code fingerprint} (the same row again
     *                          maps to the same body), bound to that fingerprint (see {@code RowWriter}), or null
     *                          when no row is known to
     */
    public record ContactEntry(String intercomId, String fingerprint, String companyIntercomId, String tags,
                               String source, boolean archived, Long intercomUpdatedAt, String rowDigest) {
        public ContactEntry(String intercomId, String fingerprint, String companyIntercomId) {
            this(intercomId, fingerprint, companyIntercomId, null, null, false, null, null);
        }

        public ContactEntry(String intercomId, String fingerprint, String companyIntercomId, String tags,
                            String source, boolean archived, Long intercomUpdatedAt) {
            this(intercomId, fingerprint, companyIntercomId, tags, source, archived, intercomUpdatedAt, null);
        }

        public ContactEntry withCompany(String company) {
            return new ContactEntry(intercomId, fingerprint, company, tags, source, archived, intercomUpdatedAt, rowDigest);
        }

        public ContactEntry withTags(String t) {
            return new ContactEntry(intercomId, fingerprint, companyIntercomId, t, source, archived, intercomUpdatedAt, rowDigest);
        }

        public ContactEntry withArchived(boolean a) {
            return new ContactEntry(intercomId, fingerprint, companyIntercomId, tags, source, a, intercomUpdatedAt, rowDigest);
        }

        public ContactEntry withSource(String s) {
            return new ContactEntry(intercomId, fingerprint, companyIntercomId, tags, s, archived, intercomUpdatedAt, rowDigest);
        }

        /** The same entry, known to be what the row of this digest maps to. */
        public ContactEntry withRowDigest(String digest) {
            return new ContactEntry(intercomId, fingerprint, companyIntercomId, tags, source, archived, intercomUpdatedAt, digest);
        }
    }

    /** What the ledger knows of a company. */
    public record CompanyEntry(String intercomId, String fingerprint) {
    }

    private static final String UPSERT_CONTACT =
            "INSERT INTO ledger_contact (workspace, contact_key, intercom_id, fingerprint, company_intercom_id, updated_at,"
                    + " tags, source, archived, intercom_updated_at, row_digest)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace, contact_key) DO UPDATE SET"
                    + " intercom_id = excluded.intercom_id, fingerprint = excluded.fingerprint,"
                    + " company_intercom_id = excluded.company_intercom_id, updated_at = excluded.updated_at,"
                    + " tags = excluded.tags, source = excluded.source, archived = excluded.archived,"
                    + " intercom_updated_at = excluded.intercom_updated_at, row_digest = excluded.row_digest";
    private static final String UPDATE_ROW_DIGEST =
            "UPDATE ledger_contact SET row_digest = ? WHERE workspace = ? AND contact_key = ? AND fingerprint = ?";
    private static final String UPSERT_COMPANY =
            "INSERT INTO ledger_company (workspace, company_id, intercom_id, fingerprint, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace, company_id) DO UPDATE SET"
                    + " intercom_id = excluded.intercom_id, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at";

    private final String description;
    private final String workspace;
    private final boolean readOnly;
    private final int flushRows;
    private final boolean empty; // read-only over a store that does not exist yet
    private final LedgerReaders readers;
    private final ReconcileLog reconciles;
    private final Connection writer;
    private final ConcurrentHashMap<String, ContactEntry> pendingContacts = new ConcurrentHashMap<>();
    /** Entries read ahead for rows about to be written (absent ones as {@link #ABSENT}); each is used once. */
    private final ConcurrentHashMap<String, ContactEntry> prefetched = new ConcurrentHashMap<>();
    private static final ContactEntry ABSENT = new ContactEntry("", "", null);
    /** Orders a read-ahead's last step against a flush taking entries out of the pending set. */
    private final Object prefetchLock = new Object();
    private long flushes; // guarded by prefetchLock
    private final ConcurrentHashMap<String, CompanyEntry> pendingCompanies = new ConcurrentHashMap<>();
    /** Row digests learnt for contacts whose entry is otherwise as it was ({@link #recordRowDigest}). */
    private final ConcurrentHashMap<String, LearntDigest> pendingDigests = new ConcurrentHashMap<>();

    /** A row digest, and the fingerprint of the body it was found to map to. */
    private record LearntDigest(String rowDigest, String fingerprint) {
    }
    private final AtomicReference<LedgerException> backgroundFailure = new AtomicReference<>();
    private final ScheduledExecutorService flusher;
    private volatile boolean closed;

    private Ledger(LedgerSettings settings, String workspace, boolean readOnly) {
        this.description = StateStore.describe(settings.url());
        this.workspace = workspace;
        this.readOnly = readOnly;
        this.flushRows = settings.flushRows();
        StateStore.Dialect dialect = StateStore.dialectOf(settings.url());
        boolean exists = dialect != StateStore.Dialect.SQLITE || StateStore.sqliteFileExists(settings.url());
        if (!readOnly && dialect == StateStore.Dialect.SQLITE) {
            StateStore.createParentFolder(settings.url());
        }
        List<Connection> opened = new ArrayList<>();
        try {
            int version;
            if (readOnly) {
                this.writer = null;
                version = exists ? StateStore.readableVersion(opened, settings, dialect) : 0;
            } else {
                this.writer = StateStore.connectMigrated(settings, dialect, opened);
                version = SCHEMA_VERSION;
            }
            this.empty = version == 0;
            List<Connection> pooled = new ArrayList<>();
            for (int i = 0; !empty && i < LedgerReaders.READERS; i++) {
                Connection c = StateStore.connect(settings, dialect, readOnly);
                opened.add(c);
                pooled.add(c);
            }
            this.readers = new LedgerReaders(pooled, version, description);
            this.reconciles = new ReconcileLog(this, readers, workspace, empty);
        } catch (SQLException e) {
            opened.forEach(StateStore::closeQuietly);
            throw new LedgerException("the ledger at " + description + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            opened.forEach(StateStore::closeQuietly);
            throw e;
        }
        long intervalMs = settings.flushInterval().toMillis();
        if (!readOnly && intervalMs > 0) {
            this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ledger-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushInBackground, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } else {
            this.flusher = null;
        }
    }

    /** Opens (creating or migrating it when needed) the store for one workspace's entries. */
    public static Ledger open(LedgerSettings settings, String workspace) {
        return new Ledger(settings, workspace, false);
    }

    /**
     * Opens the store for lookups only: nothing is created, migrated or written (dry runs). A store
     * that does not exist yet reads as empty.
     */
    public static Ledger openReadOnly(LedgerSettings settings, String workspace) {
        return new Ledger(settings, workspace, true);
    }

    /** The store, for messages: the JDBC URL without its query (which may hold a password). */
    public String description() {
        return description;
    }

    /** What the ledger knows of this contact key, or null. Sees this process's unflushed writes too. */
    public ContactEntry contact(String contactKey) {
        ContactEntry pending = pendingContacts.get(contactKey);
        if (pending != null || empty) {
            return pending;
        }
        ContactEntry ahead = prefetched.remove(contactKey);
        if (ahead != null) {
            return ahead == ABSENT ? null : ahead;
        }
        return readers.read(r -> {
            PreparedStatement s = r.selectContact;
            s.setString(1, workspace);
            s.setString(2, contactKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? LedgerReaders.contactEntry(rs) : null;
            }
        });
    }

    /**
     * What this process knows of the contact key without asking the store (an unflushed write, or an entry read
     * ahead and not yet used), or null: for work done ahead, which must not use up the entry read ahead.
     */
    public ContactEntry peek(String contactKey) {
        ContactEntry pending = pendingContacts.get(contactKey);
        if (pending != null) {
            return pending;
        }
        ContactEntry ahead = prefetched.get(contactKey);
        return ahead == ABSENT ? null : ahead;
    }

    /** Forgets what was read ahead for this key: its row will not ask (it did not map), and memory must not keep it. */
    public void dropReadAhead(String contactKey) {
        prefetched.remove(contactKey);
    }

    /** Keys a {@link #prefetch} asks about in one query: the settling's batch ({@code SyncEngine.READ_AHEAD}). */
    static final int PREFETCH_KEYS = 256;

    /**
     * Reads what the ledger knows of these keys, {@value #PREFETCH_KEYS} to a query, for the rows about to be
     * written: a file's unchanged re-run then costs one query per batch of rows instead of one per row. Keys
     * already pending or read ahead are skipped; a key recorded after this forgets what was read for it. Safe
     * from any thread: a file's reader may read a batch's entries while the rows before it are settled.
     */
    public void prefetch(java.util.Collection<String> contactKeys) {
        if (empty || contactKeys.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(new java.util.LinkedHashSet<>(contactKeys));
        keys.removeIf(k -> pendingContacts.containsKey(k) || prefetched.containsKey(k));
        for (int from = 0; from < keys.size(); from += PREFETCH_KEYS) {
            prefetchSome(keys.subList(from, Math.min(keys.size(), from + PREFETCH_KEYS)));
        }
    }

    private void prefetchSome(List<String> keys) {
        long flushesBefore;
        synchronized (prefetchLock) {
            flushesBefore = flushes;
        }
        Map<String, ContactEntry> found = readers.read(r -> {
            PreparedStatement s = r.selectContacts();
            s.setString(1, workspace);
            for (int i = 0; i < PREFETCH_KEYS; i++) {
                // a shorter batch repeats its last key: one statement, prepared once, serves every batch
                s.setString(i + 2, keys.get(Math.min(i, keys.size() - 1)));
            }
            Map<String, ContactEntry> out = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(LedgerReaders.KEY_COLUMN), LedgerReaders.contactEntry(rs));
                }
            }
            return out;
        });
        // A key recorded while the query ran is pending until the next flush: what was read for it is older.
        // Had a flush already taken it out of the pending set, that would not show: then nothing read is kept.
        synchronized (prefetchLock) {
            if (flushes != flushesBefore) {
                return;
            }
            for (String k : keys) {
                prefetched.put(k, found.getOrDefault(k, ABSENT));
                if (pendingContacts.containsKey(k)) {
                    prefetched.remove(k);
                }
            }
        }
    }

    /** What the ledger knows of this company_id, or null. */
    public CompanyEntry company(String companyId) {
        CompanyEntry pending = pendingCompanies.get(companyId);
        if (pending != null || empty) {
            return pending;
        }
        return readers.read(r -> {
            PreparedStatement s = r.selectCompany;
            s.setString(1, workspace);
            s.setString(2, companyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new CompanyEntry(rs.getString(1), rs.getString(2)) : null;
            }
        });
    }

    /** Remembers a contact Intercom acknowledged; written with the next batch. */
    public void recordContact(String contactKey, ContactEntry entry) {
        if (!writable()) {
            return;
        }
        pendingContacts.put(contactKey, entry);
        prefetched.remove(contactKey);
        if (pendingContacts.size() >= flushRows) {
            flush();
        }
    }

    /**
     * Remembers that the row of this digest maps to the body of this fingerprint, the one the contact's entry
     * has (nothing else of the entry changed); written with the next batch, and only if the entry still has
     * that fingerprint then (another process may have written the contact since). Kept apart from
     * {@link #recordContact} because it changes one column: the first run after an upgrade learns a digest
     * for every row of its file, and one narrow update each costs a fraction of rewriting the entries and
     * their indexes.
     */
    public void recordRowDigest(String contactKey, String rowDigest, String fingerprint) {
        if (!writable()) {
            return;
        }
        pendingDigests.put(contactKey, new LearntDigest(rowDigest, fingerprint));
        if (pendingDigests.size() >= flushRows) {
            flush();
        }
    }

    /** Remembers a company Intercom acknowledged; written with the next batch. */
    public void recordCompany(String companyId, CompanyEntry entry) {
        if (!writable()) {
            return;
        }
        pendingCompanies.put(companyId, entry);
        if (pendingCompanies.size() >= flushRows) {
            flush();
        }
    }

    /** Entries recorded and not yet written. */
    public int pending() {
        return pendingContacts.size() + pendingCompanies.size() + pendingDigests.size();
    }

    /** Writes every pending entry in one transaction. */
    public void flush() {
        if (readOnly) {
            return;
        }
        synchronized (writer) {
            // Sorted: every process locks rows in the same order, so concurrent batches cannot deadlock.
            Map<String, ContactEntry> contacts = new TreeMap<>(pendingContacts);
            Map<String, CompanyEntry> companies = new TreeMap<>(pendingCompanies);
            // after the entries: a digest learnt before an entry was recorded is then never written after it
            Map<String, LearntDigest> digests = new TreeMap<>(pendingDigests);
            if (contacts.isEmpty() && companies.isEmpty() && digests.isEmpty()) {
                return;
            }
            long now = Instant.now().getEpochSecond();
            try {
                writer.setAutoCommit(false);
                try (PreparedStatement co = writer.prepareStatement(UPSERT_COMPANY);
                     PreparedStatement ct = writer.prepareStatement(UPSERT_CONTACT);
                     PreparedStatement rd = writer.prepareStatement(UPDATE_ROW_DIGEST)) {
                    // the digests first: an entry recorded since carries its own, and is written after
                    for (Map.Entry<String, LearntDigest> e : digests.entrySet()) {
                        rd.setString(1, e.getValue().rowDigest());
                        rd.setString(2, workspace);
                        rd.setString(3, e.getKey());
                        rd.setString(4, e.getValue().fingerprint());
                        rd.addBatch();
                    }
                    if (!digests.isEmpty()) {
                        rd.executeBatch();
                    }
                    for (Map.Entry<String, CompanyEntry> e : companies.entrySet()) {
                        co.setString(1, workspace);
                        co.setString(2, e.getKey());
                        co.setString(3, e.getValue().intercomId());
                        co.setString(4, e.getValue().fingerprint());
                        co.setLong(5, now);
                        co.addBatch();
                    }
                    if (!companies.isEmpty()) {
                        co.executeBatch();
                    }
                    for (Map.Entry<String, ContactEntry> e : contacts.entrySet()) {
                        ct.setString(1, workspace);
                        ct.setString(2, e.getKey());
                        ct.setString(3, e.getValue().intercomId());
                        ct.setString(4, e.getValue().fingerprint());
                        ct.setString(5, e.getValue().companyIntercomId());
                        ct.setLong(6, now);
                        ct.setString(7, e.getValue().tags());
                        ct.setString(8, e.getValue().source());
                        ct.setInt(9, e.getValue().archived() ? 1 : 0);
                        if (e.getValue().intercomUpdatedAt() == null) {
                            ct.setNull(10, java.sql.Types.BIGINT);
                        } else {
                            ct.setLong(10, e.getValue().intercomUpdatedAt());
                        }
                        ct.setString(11, e.getValue().rowDigest());
                        ct.addBatch();
                    }
                    if (!contacts.isEmpty()) {
                        ct.executeBatch();
                    }
                }
                writer.commit();
            } catch (SQLException e) {
                StateStore.rollbackQuietly(writer);
                throw new LedgerException("the ledger at " + description + " cannot be written: " + e.getMessage(), e);
            } finally {
                StateStore.autoCommitQuietly(writer); // hold no write lock between batches: other processes write too
            }
            // Only what was written leaves the pending set; an entry replaced meanwhile stays for the next batch.
            synchronized (prefetchLock) {
                contacts.forEach(pendingContacts::remove);
                flushes++;
            }
            companies.forEach(pendingCompanies::remove);
            digests.forEach(pendingDigests::remove);
        }
    }

    // ------------------------------------------------------------------ import.missing=archive

    /** A contact the ledger knows, with its key. */
    public record KnownContact(String contactKey, ContactEntry entry) {
    }

    /**
     * Calls back with every contact of this workspace that {@code source} wrote, archived or not, after
     * flushing what is pending. Streamed: memory does not grow with the ledger.
     */
    public void forEachOfSource(String source, java.util.function.Consumer<KnownContact> each) {
        if (empty) {
            return;
        }
        flush();
        readers.read(r -> {
            Connection c = r.connection;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams a result only inside a transaction
            try (PreparedStatement s = c.prepareStatement("SELECT " + readers.contactColumns() + ", contact_key FROM ledger_contact"
                    + " WHERE workspace = ? AND source = ? ORDER BY contact_key")) {
                s.setFetchSize(1000);
                s.setString(1, workspace);
                s.setString(2, source);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new KnownContact(rs.getString(LedgerReaders.KEY_COLUMN), LedgerReaders.contactEntry(rs)));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    /**
     * The fingerprint of a contact the reconcile found edited in Intercom: no body has it, so its next row
     * writes it again; unlike the empty fingerprint of a contact only skipped as existing, it is still ours.
     */
    public static final String DRIFTED = "drifted-in-intercom";

    /** The ledger's record of its refreshes from the workspace's contact list. */
    public ReconcileLog reconciles() {
        return reconciles;
    }

    interface Write {
        void run(Connection c) throws SQLException;
    }

    /** One transaction on the writer connection, after what is pending (reconcile runs before the rows). */
    void write(Write w) {
        if (readOnly) {
            throw new IllegalStateException("the ledger was opened read-only");
        }
        flush();
        synchronized (writer) {
            try {
                writer.setAutoCommit(false);
                w.run(writer);
                writer.commit();
            } catch (SQLException e) {
                StateStore.rollbackQuietly(writer);
                throw new LedgerException("the ledger at " + description + " cannot be written: " + e.getMessage(), e);
            } finally {
                StateStore.autoCommitQuietly(writer);
            }
        }
    }

    /** Flushes what is pending and closes the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (flusher != null) {
            flusher.shutdownNow();
        }
        try {
            flush();
        } finally {
            readers.close();
            if (writer != null) {
                StateStore.closeQuietly(writer);
            }
        }
    }

    private void flushInBackground() {
        try {
            flush();
            backgroundFailure.set(null);
        } catch (LedgerException e) {
            backgroundFailure.compareAndSet(null, e); // the next record() reports it to the run
        } catch (RuntimeException e) {
            backgroundFailure.compareAndSet(null, new LedgerException("the ledger at " + description
                    + " cannot be written: " + e, e));
        }
    }

    /**
     * False once closed: a row still finishing after its run was stopped (bad token) is not
     * remembered, and is simply sent again next run.
     */
    private boolean writable() {
        if (readOnly) {
            throw new IllegalStateException("the ledger was opened read-only");
        }
        if (closed) {
            return false;
        }
        LedgerException failed = backgroundFailure.getAndSet(null);
        if (failed != null) {
            throw failed;
        }
        return true;
    }

    /** The store, for messages: the JDBC URL without its query (which may hold a password). */
    public static String describe(String url) {
        return StateStore.describe(url);
    }
}
