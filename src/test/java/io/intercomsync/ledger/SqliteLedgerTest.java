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
