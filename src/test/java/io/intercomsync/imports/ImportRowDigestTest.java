package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.IntFunction;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row digest: a row the ledger knows byte for byte, under the same mapping and header, settles as
 * unchanged without being mapped; anything that could change its body (its values, the mapping) maps it
 * again, and a change that leaves the body as it was (a reordered header) costs no call.
 */
class ImportRowDigestTest {
    private static final String TOKEN = "tok-digest-7e10";
    private static final String MAPPING = """
            contact:
              standard:
                external_id: Customer ID
                email: E-mail
                name: Full name
              custom:
                seats: { column: Seats, type: integer }
            """;

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ImportFixture fixture() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("seats", "contact", "integer");
        return f;
    }

    private ImportFixture idAndNameFixture() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping("""
                contact:
                  standard:
                    external_id: Customer ID
                    name: Full name
                """);
        return f;
    }

    private static String csv(int rows, IntFunction<String> nameOf) {
        StringBuilder b = new StringBuilder("Customer ID,E-mail,Full name,Nickname,Seats\n");
        for (int i = 0; i < rows; i++) {
            b.append("u-").append(i).append(",u").append(i).append("@example.com,").append(nameOf.apply(i))
                    .append(",Nick ").append(i).append(',').append(i).append('\n');
        }
        return b.toString();
    }

    private long rowDigestsInLedger() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/intercom-sync.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger_contact WHERE row_digest IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void runAndExpect(ImportFixture f, long created, long updated, long unchanged) throws Exception {
        ImportFixture.Result r = f.run();
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("created").asLong()).as("created").isEqualTo(created);
        assertThat(report.get("updated").asLong()).as("updated").isEqualTo(updated);
        assertThat(report.get("unchanged").asLong()).as("unchanged").isEqualTo(unchanged);
    }

    @Test
    void theLedgerKeepsEachWrittenRowsDigestAndTheSameRowsAgainMakeNoCall() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(50, i -> "Name " + i));
        runAndExpect(f, 50, 0, 0);
        assertThat(rowDigestsInLedger()).isEqualTo(50);
        sandbox.resetStats();

        f.inboxFile("users_20260102T000000.csv", csv(50, i -> i == 7 ? "Renamed 7" : "Name " + i));
        runAndExpect(f, 0, 1, 49);

        assertThat(sandbox.stats().writes()).isEqualTo(1);
        assertThat(sandbox.contacts()).filteredOn(c -> "u-7".equals(c.path("external_id").asText()))
                .singleElement().satisfies(c -> assertThat(c.path("name").asText()).isEqualTo("Renamed 7"));
    }

    @Test
    void aChangedMappingMapsTheSameRowsAgainAndWritesWhatItChanged() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(30, i -> "Name " + i));
        runAndExpect(f, 30, 0, 0);
        sandbox.resetStats();

        // the same file, byte for byte; the name now comes from another column
        f.mapping(MAPPING.replace("name: Full name", "name: Nickname"));
        runAndExpect(f, 0, 30, 0);

        assertThat(sandbox.stats().writes()).isEqualTo(30);
        assertThat(sandbox.contacts()).allSatisfy(c -> assertThat(c.path("name").asText()).startsWith("Nick "));
    }

    @Test
    void aReorderedHeaderMapsTheRowsAgainFindsThemUnchangedAndLearnsTheirNewDigests() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(30, i -> "Name " + i));
        runAndExpect(f, 30, 0, 0);
        String before = digestOf("external_id:u-3");
        sandbox.resetStats();

        StringBuilder reordered = new StringBuilder("Seats,Nickname,Full name,E-mail,Customer ID\n");
        for (int i = 0; i < 30; i++) {
            reordered.append(i).append(",Nick ").append(i).append(",Name ").append(i).append(",u").append(i)
                    .append("@example.com,u-").append(i).append('\n');
        }
        f.inboxFile("users_20260102T000000.csv", reordered.toString());
        runAndExpect(f, 0, 0, 30);

        assertThat(sandbox.stats().writes()).isZero();
        assertThat(digestOf("external_id:u-3")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void aDryRunOfChangedRowsCountsThemAsItWouldWriteThemAndLeavesTheLedgerAsItWas() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(20, i -> "Name " + i));
        runAndExpect(f, 20, 0, 0);
        String before = digestOf("external_id:u-4");

        f.inboxFile("users_20260102T000000.csv", csv(20, i -> i % 2 == 0 ? "Renamed " + i : "Name " + i));
        ImportFixture.Result dry = f.run("--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("updated").asLong()).isEqualTo(10);
        assertThat(report.get("unchanged").asLong()).isEqualTo(10);
        assertThat(digestOf("external_id:u-4")).isEqualTo(before);
    }

    private String digestOf(String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/intercom-sync.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT row_digest FROM ledger_contact WHERE contact_key = '" + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aDigestLeftBesideABodyAnotherWriterChangedIsNotTakenForThatBodys() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> "Name " + i));
        runAndExpect(f, 10, 0, 0);
        // a process of an older version wrote u-2 since: it knows nothing of row_digest, which stays
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/intercom-sync.db"));
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE ledger_contact SET fingerprint = 'written-by-an-older-version'"
                    + " WHERE contact_key = 'external_id:u-2'")).isEqualTo(1);
        }
        sandbox.resetStats();

        runAndExpect(f, 0, 1, 9);

        // the same body again, so Intercom's state does not change: but it was sent, once
        assertThat(sandbox.stats().byEndpoint().getOrDefault("PUT /contacts/{id}", 0L)).isEqualTo(1);
        runAndExpect(f, 0, 0, 10); // and it is known by its digest again
    }

    @Test
    void aRowThatDoesNotMapDoesNotLetTheNextRowOfItsContactOvertakeTheOneBefore() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).latencyMs(600).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("seats", "contact", "integer");
        f.set("intercom.max-in-flight", "4");
        sandbox.resetStats();
        // the middle row fails at once; the last must still wait for the first's create
        f.inboxFile("users_20260101T000000.csv", "Customer ID,E-mail,Full name,Nickname,Seats\n"
                + "u-1,u1@example.com,First,N,1\n"
                + "u-1,u1@example.com,Bad,N,not-a-number\n"
                + "u-1,u1@example.com,Last,N,3\n");
        ImportFixture.Result r = f.run();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3); // some rows failed
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("failed").asLong()).isEqualTo(1);
        assertThat(sandbox.stats().byStatus().getOrDefault(409, 0L)).as("a create raced the first row's").isZero();
        assertThat(sandbox.contactByExternalId("u-1").orElseThrow().path("name").asText()).isEqualTo("Last");
    }

    @Test
    void twoHeadersThatPrintAlikeButPlaceTheMappedColumnElsewhereMapTheRowAgain() throws Exception {
        ImportFixture f = idAndNameFixture();
        // as lists both print [Customer ID, Full name, Other, Full name]; "Full name" is the 2nd column, then the 3rd
        f.inboxFile("users_20260101T000000.csv", "Customer ID,Full name,\"Other, Full name\"\nu-1,Alice,Bob\n");
        assertThat(f.run().exitCode()).isZero();
        assertThat(sandbox.contactByExternalId("u-1").orElseThrow().path("name").asText()).isEqualTo("Alice");

        f.inboxFile("users_20260102T000000.csv", "Customer ID,\"Full name, Other\",Full name\nu-1,Alice,Bob\n");
        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(sandbox.contactByExternalId("u-1").orElseThrow().path("name").asText()).isEqualTo("Bob");
    }

    @Test
    void aKeyOfUnicodeWhiteSpaceFailsItsRowAlone() throws Exception {
        ImportFixture f = idAndNameFixture();
        // U+3000 survives trim() but is blank to the contact key
        f.inboxFile("users_20260101T000000.csv", "Customer ID,Full name\nu-1,A\n\u3000,B\nu-3,C\n");
        ImportFixture.Result r = f.run();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(1);
        assertThat(f.errorRows()).singleElement().satisfies(row ->
                assertThat(row.get(1)).isEqualTo("row has no id, external_id or email to match a contact"));
    }
}
