package io.intercomsync.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The state store (state.url): one SQLite file or PostgreSQL database that the ledger and watch mode's
 * claims on files share. Its schema (every table of both, one version number), the migrations that bring
 * an older store up to it, and the connections to it, with the pragmas SQLite needs for several
 * processes at once.
 */
public final class StateStore {
    /** The schema this code writes. Older stores are migrated on open; newer ones are refused. */
    public static final int SCHEMA_VERSION = 5;
    /**
     * The oldest schema a read-only open (a dry run) reads: version 5 added a column a store without it reads
     * as empty (no row digests: every row is mapped) and changed how SQLite stores the contacts, so a dry run
     * right after an upgrade need not wait for a real run to migrate.
     */
    static final int READABLE_FROM = 4;

    /** Migrations by the version they lead to; index 0 is unused. Append, never edit. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(),
            List.of(
                    "CREATE TABLE IF NOT EXISTS ledger_contact ("
                            + " workspace TEXT NOT NULL,"
                            + " contact_key TEXT NOT NULL,"
                            + " intercom_id TEXT NOT NULL,"
                            + " fingerprint TEXT NOT NULL,"
                            + " company_intercom_id TEXT,"
                            + " updated_at BIGINT NOT NULL,"
                            + " PRIMARY KEY (workspace, contact_key))",
                    "CREATE TABLE IF NOT EXISTS ledger_company ("
                            + " workspace TEXT NOT NULL,"
                            + " company_id TEXT NOT NULL,"
                            + " intercom_id TEXT NOT NULL,"
                            + " fingerprint TEXT NOT NULL,"
                            + " updated_at BIGINT NOT NULL,"
                            + " PRIMARY KEY (workspace, company_id))"),
            List.of(
                    // watch mode: which files of a source were imported, so each is imported once
                    "CREATE TABLE IF NOT EXISTS imported_files ("
                            + " source TEXT NOT NULL,"
                            + " file TEXT NOT NULL,"
                            + " status TEXT NOT NULL,"
                            + " attempts INTEGER NOT NULL,"
                            + " owner TEXT NOT NULL,"
                            + " heartbeat_at BIGINT NOT NULL,"
                            + " finished_at BIGINT,"
                            + " outcome TEXT,"
                            + " PRIMARY KEY (source, file))"),
            List.of(
                    // watch mode: the file's size and modification time when claimed, to import it again once it changes
                    "ALTER TABLE imported_files ADD COLUMN version TEXT"),
            List.of(
                    // tags we attached; the source that wrote the contact and whether we archived it (import.missing)
                    "ALTER TABLE ledger_contact ADD COLUMN tags TEXT",
                    "ALTER TABLE ledger_contact ADD COLUMN source TEXT",
                    "ALTER TABLE ledger_contact ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
                    // reconcile: Intercom's updated_at after our last write, and when a listing last saw the contact
                    "ALTER TABLE ledger_contact ADD COLUMN intercom_updated_at BIGINT",
                    "ALTER TABLE ledger_contact ADD COLUMN reconciled_at BIGINT",
                    "CREATE INDEX IF NOT EXISTS ledger_contact_by_intercom_id ON ledger_contact (workspace, intercom_id)",
                    "CREATE INDEX IF NOT EXISTS ledger_contact_by_source ON ledger_contact (workspace, source)",
                    "CREATE TABLE IF NOT EXISTS reconcile_run ("
                            + " workspace TEXT NOT NULL,"
                            + " started_at BIGINT NOT NULL,"
                            + " next_cursor TEXT,"
                            + " pages INTEGER NOT NULL,"
                            + " drifted INTEGER NOT NULL,"
                            + " finished_at BIGINT,"
                            + " PRIMARY KEY (workspace, started_at))"),
            List.of(
                    // the digest of the file's row the fingerprint's body was mapped from (RowDigest)
                    "ALTER TABLE ledger_contact ADD COLUMN row_digest TEXT"));

    private static final String CONTACT_COLUMNS_V5 = "workspace, contact_key, intercom_id, fingerprint, company_intercom_id,"
            + " updated_at, tags, source, archived, intercom_updated_at, reconciled_at, row_digest";

    /**
     * Migrations of SQLite stores only, by version, after the statements of {@link #MIGRATIONS}. 5: the contacts
     * kept in their key's own b-tree (WITHOUT ROWID), so a lookup by key reads one tree instead of an index and
     * then the table: an unchanged re-run looks up every row of its file. Copied in key order, so the new
     * table starts compact; a copy of 1,000,000 contacts takes seconds, once.
     */
    private static final java.util.Map<Integer, List<String>> SQLITE_MIGRATIONS = java.util.Map.of(5, List.of(
            "CREATE TABLE ledger_contact_v5 ("
                    + " workspace TEXT NOT NULL,"
                    + " contact_key TEXT NOT NULL,"
                    + " intercom_id TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL,"
                    + " company_intercom_id TEXT,"
                    + " updated_at BIGINT NOT NULL,"
                    + " tags TEXT,"
                    + " source TEXT,"
                    + " archived INTEGER NOT NULL DEFAULT 0,"
                    + " intercom_updated_at BIGINT,"
                    + " reconciled_at BIGINT,"
                    + " row_digest TEXT,"
                    + " PRIMARY KEY (workspace, contact_key)) WITHOUT ROWID",
            "INSERT INTO ledger_contact_v5 (" + CONTACT_COLUMNS_V5 + ") SELECT " + CONTACT_COLUMNS_V5
                    + " FROM ledger_contact ORDER BY workspace, contact_key",
            "DROP TABLE ledger_contact", // and its indexes
            "ALTER TABLE ledger_contact_v5 RENAME TO ledger_contact",
            "CREATE INDEX ledger_contact_by_intercom_id ON ledger_contact (workspace, intercom_id)",
            "CREATE INDEX ledger_contact_by_source ON ledger_contact (workspace, source)"));

    /** Any constant: serialises schema migrations of concurrent processes on PostgreSQL. */
    private static final long MIGRATION_LOCK = 0x1c5ed9_1ed9e4L;

    enum Dialect { SQLITE, POSTGRESQL }

    // ------------------------------------------------------------------ schema

    /** A connection to the store at {@code settings}, its schema migrated: for the other tables of the store. */
    public static Connection openMigrated(LedgerSettings settings) {
        Dialect dialect = dialectOf(settings.url());
        if (dialect == Dialect.SQLITE) {
            createParentFolder(settings.url());
        }
        List<Connection> opened = new java.util.ArrayList<>();
        try {
            return connectMigrated(settings, dialect, opened);
        } catch (SQLException e) {
            opened.forEach(StateStore::closeQuietly);
            throw new LedgerException("the state store at " + describe(settings.url()) + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            opened.forEach(StateStore::closeQuietly);
            throw e;
        }
    }

    /**
     * The writer connection, its schema migrated. Processes opening one new SQLite file at the same moment
     * can trip over each other's switch to WAL ("the file being deleted does not exist", or SQLITE_BUSY:
     * the switch needs the file to itself and does not wait for the busy timeout): that open is tried
     * again, a few times, a little later each time, since the other process has finished its switch by then.
     */
    static Connection connectMigrated(LedgerSettings settings, Dialect dialect, List<Connection> opened) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return connectMigratedOnce(settings, dialect, opened);
        }
        // Within one process, the opens of one file take turns: connections of one JVM switching a new file
        // to WAL together were once seen to read it as SQLITE_CORRUPT ("database disk image is malformed"),
        // which no retry should paper over. Other processes still meet the retries below.
        synchronized (OPENING.computeIfAbsent(sqlitePath(settings.url()).toAbsolutePath().normalize(), k -> new Object())) {
            return connectMigratedOnce(settings, dialect, opened);
        }
    }

    private static final java.util.concurrent.ConcurrentMap<Path, Object> OPENING = new java.util.concurrent.ConcurrentHashMap<>();

    private static Connection connectMigratedOnce(LedgerSettings settings, Dialect dialect, List<Connection> opened) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Connection c = null;
            try {
                c = connect(settings, dialect, false);
                opened.add(c);
                migrate(c, dialect);
                return c;
            } catch (SQLException e) {
                String m = e.getMessage();
                if (dialect != Dialect.SQLITE || attempt >= 8 || m == null || !(m.contains("SQLITE_IOERR") || m.contains("SQLITE_BUSY"))) {
                    throw e;
                }
                if (c != null) {
                    opened.remove(c);
                    closeQuietly(c);
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void migrate(Connection c, Dialect dialect) throws SQLException {
        c.setAutoCommit(false); // SQLite: BEGIN IMMEDIATE (see connect), so two processes migrate one after the other
        try {
            try (Statement s = c.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
            }
            int current = currentVersion(c);
            if (current > SCHEMA_VERSION) {
                throw new LedgerException("the ledger's schema is version " + current + ", newer than this intercom-sync knows ("
                        + SCHEMA_VERSION + "): use a newer intercom-sync, or another state.url");
            }
            for (int v = current + 1; v <= SCHEMA_VERSION; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    if (dialect == Dialect.SQLITE) {
                        for (String sql : SQLITE_MIGRATIONS.getOrDefault(v, List.of())) {
                            s.execute(sql);
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setString(2, Instant.now().toString());
                    p.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            autoCommitQuietly(c);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Read-only open: the version of the store's schema, one this code reads ({@link #READABLE_FROM} or later),
     * or 0 when nothing was ever written.
     */
    static int readableVersion(List<Connection> opened, LedgerSettings settings, Dialect dialect) throws SQLException {
        Connection c = connect(settings, dialect, true);
        opened.add(c);
        try {
            int version;
            try (ResultSet rs = c.getMetaData().getTables(null, null, "schema_version", null)) {
                if (!rs.next()) {
                    return 0;
                }
            }
            version = currentVersion(c);
            if (version == 0) {
                return 0;
            }
            if (version < READABLE_FROM || version > SCHEMA_VERSION) {
                throw new LedgerException("the ledger's schema is version " + version + " and this intercom-sync uses "
                        + SCHEMA_VERSION + (version < SCHEMA_VERSION ? ": run once without --dry-run to migrate it" : ": use a newer intercom-sync"));
            }
            return version;
        } finally {
            opened.remove(c);
            closeQuietly(c);
        }
    }

    // ------------------------------------------------------------------ connections

    static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new LedgerException("state.url=" + describe(url) + " is not supported: use jdbc:sqlite:<file> or jdbc:postgresql://host/database");
    }

    static Connection connect(LedgerSettings settings, Dialect dialect, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        if (dialect == Dialect.SQLITE) {
            // Pragmas sqlite-jdbc applies on open. WAL: readers never block the writer and the reverse.
            p.setProperty("busy_timeout", "30000");
            p.setProperty("transaction_mode", "IMMEDIATE");
            if (!readOnly) {
                p.setProperty("journal_mode", "WAL");
                p.setProperty("synchronous", "NORMAL");
            }
        } else {
            p.setProperty("ApplicationName", "intercom-sync");
        }
        Connection c = DriverManager.getConnection(settings.url(), p);
        c.setAutoCommit(true);
        return c;
    }

    private static Path sqlitePath(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith(":resource:")) {
            return null;
        }
        return Path.of(path);
    }

    static boolean sqliteFileExists(String url) {
        Path p = sqlitePath(url);
        return p == null || Files.isRegularFile(p);
    }

    static void createParentFolder(String url) {
        Path p = sqlitePath(url);
        if (p == null || p.toAbsolutePath().getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new LedgerException("the ledger's folder " + p.toAbsolutePath().getParent() + " cannot be created: " + e.getMessage(), e);
        }
    }

    /** A JDBC URL fit for messages: without its query string, which may carry a password. */
    public static String describe(String url) {
        if (url == null) {
            return "(none)";
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int at = base.indexOf('@'); // jdbc:postgresql://user:secret@host/db is not valid JDBC, but do not echo it
        if (at >= 0 && base.startsWith("jdbc:postgresql://")) {
            base = "jdbc:postgresql://" + base.substring(at + 1);
        }
        return base;
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    static void autoCommitQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next batch sets it again
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing; nothing left to save
        }
    }

    private StateStore() {
    }
}
