package io.intercomsync.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger contract on SQLite, the default store, plus what only a file can show. */
class SqliteLedgerTest extends LedgerContract {
    private static final AtomicInteger N = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    String url() {
        return "jdbc:sqlite:" + dir.resolve("nested/folders/ledger-" + N.incrementAndGet() + ".db");
    }

    @Override
    void bumpSchemaVersion(String url, int version) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", 'later')");
        }
    }

    @Test
    void createsTheFoldersOfItsFileAndUsesWriteAheadLogging() throws Exception {
        String url = url();
        Ledger.open(settings(url), "ws").close();
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        assertThat(file).isRegularFile();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Ledger.SCHEMA_VERSION);
        }
    }

    /**
     * A reconcile looks up every listed contact by its Intercom id: each lookup must read an index, never scan the
     * workspace's contacts (a reconcile of 100,000 then ran for more than ten minutes). Asked of SQLite's planner,
     * on a store as this code creates it and as the v4 to v5 migration leaves it.
     */
    @Test
    void aReconcilesLookUpByIntercomIdReadsAnIndexNotEveryContact() throws Exception {
        String url = url();
        try (Ledger ledger = Ledger.open(settings(url), "ws")) {
            for (int i = 0; i < 50; i++) {
                ledger.recordContact("k" + i, new Ledger.ContactEntry("id" + i, "fp" + i, null));
            }
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url);
             java.sql.PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + ReconcileLog.FIND_BY_INTERCOM_ID)) {
            s.setString(1, "ws");
            s.setString(2, "ws");
            s.setString(3, "id7");
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        assertThat(plan.toString()).contains("INDEX ledger_contact_by_intercom_id (workspace=? AND intercom_id=?)")
                .doesNotContain("PRIMARY KEY (workspace=?)\n");
    }

    @Test
    void aStoreFromTheVersionBeforeIsMigratedAndKeepsWhatItKnew() throws Exception {
        String url = url();
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        java.nio.file.Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // schema version 1, as the first release wrote it
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1, '2026-11-01T00:00:00Z')");
            s.execute("CREATE TABLE ledger_contact (workspace TEXT NOT NULL, contact_key TEXT NOT NULL, intercom_id TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL, company_intercom_id TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (workspace, contact_key))");
            s.execute("CREATE TABLE ledger_company (workspace TEXT NOT NULL, company_id TEXT NOT NULL, intercom_id TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (workspace, company_id))");
            s.execute("INSERT INTO ledger_contact VALUES ('ws', 'external_id:1', 'c1', 'fp', NULL, 0)");
        }
        try (Ledger ledger = Ledger.open(settings(url), "ws")) {
            assertThat(ledger.contact("external_id:1").intercomId()).isEqualTo("c1");
        }
        try (io.intercomsync.watch.ImportedFiles files = io.intercomsync.watch.ImportedFiles.open(settings(url), "me", 3, java.time.Duration.ofMinutes(1))) {
            assertThat(files.claim("inbox", "f", 0)).isTrue();
        }
    }

    /** A store as version 4 left it: the contacts in a table with rowids, found by key through its primary key's index. */
    private static void writeVersion4Store(String url) throws Exception {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        java.nio.file.Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
            for (int v = 1; v <= 4; v++) {
                s.execute("INSERT INTO schema_version VALUES (" + v + ", '2026-11-0" + v + "T00:00:00Z')");
            }
            s.execute("CREATE TABLE ledger_contact (workspace TEXT NOT NULL, contact_key TEXT NOT NULL, intercom_id TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL, company_intercom_id TEXT, updated_at BIGINT NOT NULL, tags TEXT, source TEXT,"
                    + " archived INTEGER NOT NULL DEFAULT 0, intercom_updated_at BIGINT, reconciled_at BIGINT,"
                    + " PRIMARY KEY (workspace, contact_key))");
            s.execute("CREATE TABLE ledger_company (workspace TEXT NOT NULL, company_id TEXT NOT NULL, intercom_id TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (workspace, company_id))");
            s.execute("CREATE TABLE imported_files (source TEXT NOT NULL, file TEXT NOT NULL, status TEXT NOT NULL,"
                    + " attempts INTEGER NOT NULL, owner TEXT NOT NULL, heartbeat_at BIGINT NOT NULL, finished_at BIGINT,"
                    + " outcome TEXT, version TEXT, PRIMARY KEY (source, file))");
            s.execute("CREATE INDEX ledger_contact_by_intercom_id ON ledger_contact (workspace, intercom_id)");
            s.execute("CREATE INDEX ledger_contact_by_source ON ledger_contact (workspace, source)");
            s.execute("CREATE TABLE reconcile_run (workspace TEXT NOT NULL, started_at BIGINT NOT NULL, next_cursor TEXT,"
                    + " pages INTEGER NOT NULL, drifted INTEGER NOT NULL, finished_at BIGINT, PRIMARY KEY (workspace, started_at))");
            for (int i = 0; i < 300; i++) {
                s.execute("INSERT INTO ledger_contact VALUES ('ws', 'external_id:u-" + i + "', 'c" + i + "', 'fp" + i
                        + "', 'co1', 10, 'vip', '/inbox', " + (i == 7 ? 1 : 0) + ", 1700000000, NULL)");
            }
        }
    }

    private static String contactTableSql(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ledger_contact'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aVersion4StoreIsRebuiltWithoutRowidsKeepingEveryEntryAndItsIndexes() throws Exception {
        String url = url();
        writeVersion4Store(url);
        try (Ledger ledger = Ledger.open(settings(url), "ws")) {
            assertThat(ledger.contact("external_id:u-7")).isEqualTo(
                    new Ledger.ContactEntry("c7", "fp7", "co1", "vip", "/inbox", true, 1700000000L));
            ledger.prefetch(java.util.List.of("external_id:u-1", "external_id:u-299", "external_id:none"));
            assertThat(ledger.contact("external_id:u-299").intercomId()).isEqualTo("c299");
            assertThat(ledger.contact("external_id:none")).isNull();
            java.util.List<String> ofSource = new java.util.ArrayList<>();
            ledger.forEachOfSource("/inbox", k -> ofSource.add(k.contactKey()));
            assertThat(ofSource).hasSize(300);
        }
        assertThat(contactTableSql(url)).endsWith("WITHOUT ROWID");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_contact' ORDER BY name")) {
            java.util.List<String> indexes = new java.util.ArrayList<>();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
            assertThat(indexes).contains("ledger_contact_by_intercom_id", "ledger_contact_by_source");
        }
    }

    @Test
    void aDryRunReadsAVersion4StoreAsItIsWithoutMigratingIt() throws Exception {
        String url = url();
        writeVersion4Store(url);
        try (Ledger ro = Ledger.openReadOnly(settings(url), "ws")) {
            assertThat(ro.contact("external_id:u-3").fingerprint()).isEqualTo("fp3");
        }
        assertThat(contactTableSql(url)).doesNotContain("WITHOUT ROWID");
    }

    @Test
    void aReadOnlyLedgerOverNoFileReadsEmptyAndCreatesNothing() {
        String url = url();
        try (Ledger ro = Ledger.openReadOnly(settings(url), "ws")) {
            assertThat(ro.contact("external_id:u")).isNull();
            assertThat(ro.company("acme")).isNull();
        }
        assertThat(Files.exists(dir.resolve("nested"))).isFalse();
    }

    @Test
    void namesTheStoreWithoutItsQueryInMessages() {
        assertThat(Ledger.describe("jdbc:postgresql://db:5432/sync?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db:5432/sync");
    }
}
