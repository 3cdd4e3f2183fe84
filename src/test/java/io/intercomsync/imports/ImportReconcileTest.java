package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.ReconcileLog;
import io.intercomsync.ledger.LedgerSettings;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** import --reconcile and import.reconcile-every: drift in the workspace is noticed and mended. */
class ImportReconcileTest {
    private static final String TOKEN = "tok-reconcile-8c21";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ImportFixture fixture(int contacts) throws Exception {
        return fixture(contacts, Sandbox.builder());
    }

    private ImportFixture fixture(int contacts, Sandbox.Builder builder) throws Exception {
        sandbox = builder.token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        StringBuilder b = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < contacts; i++) {
            b.append("u-").append(i).append(",u").append(i).append("@example.com,Name ").append(i).append('\n');
        }
        f.inboxFile("users_20260101T000000.csv", b.toString());
        ImportFixture.Result first = f.run();
        assertThat(first.exitCode()).as(first.all()).isZero();
        return f;
    }

    /** The newest run's debug log (output.folder/logs): where the INFO lines go. */
    private Path lastDebugLog() throws Exception {
        try (var logs = java.nio.file.Files.list(dir.resolve("out/logs"))) {
            return logs.filter(p -> p.toString().endsWith(".debug.log")).max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
    }

    private String idOf(String externalId) {
        return sandbox.contactByExternalId(externalId).orElseThrow().path("id").asText();
    }

    private long calls(String endpoint) {
        return sandbox.stats().byEndpoint().getOrDefault(endpoint, 0L);
    }

    /** Edits the contact in the workspace, as someone in Intercom would, once the clock is past our write's second. */
    private void editInIntercom(ImportFixture f, String externalId) throws Exception {
        long written = sandbox.contactByExternalId(externalId).orElseThrow().path("updated_at").asLong();
        while (System.currentTimeMillis() / 1000 <= written) {
            Thread.sleep(20); // updated_at has whole seconds: an edit in the same second would not show
        }
        f.api("PUT", "/contacts/" + idOf(externalId), "{\"name\":\"Edited in Intercom\"}");
    }

    @Test
    void contactsDeletedOrEditedInIntercomAreWrittenAgainByReconcileAndNotByAPlainRun() throws Exception {
        ImportFixture f = fixture(30);
        for (String gone : new String[]{"u-3", "u-4", "u-5"}) {
            sandbox.deleteContact(idOf(gone));
        }
        editInIntercom(f, "u-10");
        editInIntercom(f, "u-11");
        sandbox.resetStats();

        ImportFixture.Result plain = f.run();

        // the ledger still believes them: nothing written, the drift stays
        assertThat(plain.exitCode()).as(plain.all()).isZero();
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(30);
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(sandbox.contacts()).hasSize(27);
        assertThat(f.report().has("drifted")).isFalse();

        sandbox.resetStats();
        ImportFixture.Result reconciled = f.run("--reconcile");

        assertThat(reconciled.exitCode()).as(reconciled.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("drifted").asLong()).isEqualTo(5);
        assertThat(report.get("created").asLong()).isEqualTo(3);
        assertThat(report.get("updated").asLong()).isEqualTo(2);
        assertThat(report.get("unchanged").asLong()).isEqualTo(25);
        assertThat(calls("GET /contacts")).isEqualTo(1); // 27 contacts: one page of 150
        assertThat(calls("POST /contacts")).isEqualTo(3);
        assertThat(calls("PUT /contacts/{id}")).isEqualTo(2);
        assertThat(sandbox.contacts()).hasSize(30);
        assertThat(sandbox.contactByExternalId("u-10").orElseThrow().path("name").asText()).isEqualTo("Name 10");
        assertThat(reconciled.out()).contains("5 drifted in Intercom");

        // mended: the next reconcile finds nothing
        sandbox.resetStats();
        assertThat(f.run("--reconcile").exitCode()).isZero();
        assertThat(f.report().get("drifted").asLong()).isZero();
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    void aReconcileStoppedHalfWayResumesFromThePageItReached() throws Exception {
        ImportFixture f = fixture(400); // three pages of 150
        sandbox.deleteContact(idOf("u-399"));
        LedgerSettings settings = LedgerSettings.of(f.properties.get("state.url"));
        String workspace = f.api("GET", "/me", null).path("app").path("id_code").asText();
        try (Ledger ledger = Ledger.open(settings, workspace)) {
            // a reconcile that read its first page, then the process was stopped
            ReconcileLog.Run r = ledger.reconciles().start(Instant.now());
            JsonNode first = f.api("GET", "/contacts?per_page=150", null);
            Map<String, Long> page = new LinkedHashMap<>();
            first.path("data").forEach(c -> page.put(c.path("id").asText(), c.path("updated_at").asLong()));
            ledger.reconciles().page(r, page, first.path("pages").path("next").path("starting_after").asText());
        }
        sandbox.resetStats();

        ImportFixture.Result resumed = f.run("--reconcile");

        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(calls("GET /contacts")).isEqualTo(2);
        assertThat(f.report().get("drifted").asLong()).isEqualTo(1);
        assertThat(f.report().get("created").asLong()).isEqualTo(1);
        assertThat(sandbox.contacts()).hasSize(400);
    }

    /**
     * A reconcile that began at {@code startedAt}, read its first page (150 contacts) and was stopped: the
     * ledger keeps the run and its cursor, as the Reconciler leaves them after a page.
     */
    private void stopAReconcileAfterItsFirstPage(ImportFixture f, Instant startedAt) throws Exception {
        LedgerSettings settings = LedgerSettings.of(f.properties.get("state.url"));
        String workspace = f.api("GET", "/me", null).path("app").path("id_code").asText();
        try (Ledger ledger = Ledger.open(settings, workspace)) {
            ReconcileLog.Run r = ledger.reconciles().start(startedAt);
            JsonNode first = f.api("GET", "/contacts?per_page=150", null);
            Map<String, Long> page = new LinkedHashMap<>();
            first.path("data").forEach(c -> page.put(c.path("id").asText(), c.path("updated_at").asLong()));
            ledger.reconciles().page(r, page, first.path("pages").path("next").path("starting_after").asText());
        }
    }

    /** The ledger's own record of when it wrote each contact, moved back: as if the file had been imported that long ago. */
    private void ageTheLedgersContacts(ImportFixture f, Duration by) throws Exception {
        try (Connection c = DriverManager.getConnection(f.properties.get("state.url"));
             PreparedStatement p = c.prepareStatement("UPDATE ledger_contact SET updated_at = updated_at - ?")) {
            p.setLong(1, by.toSeconds());
            assertThat(p.executeUpdate()).isPositive();
        }
    }

    private long refused() {
        return sandbox.stats().byStatus().getOrDefault(400, 0L);
    }

    @Test
    void aStoppedReconcileWhoseSavedCursorIsRefusedListsFromTheStartAndStillMendsTheLedger() throws Exception {
        ImportFixture f = fixture(400); // three pages of 150
        stopAReconcileAfterItsFirstPage(f, Instant.now());
        // deleted in Intercom after the stopped run had read them (u-5, page 1) or before it got there (u-399, page 3)
        sandbox.deleteContact(idOf("u-5"));
        sandbox.deleteContact(idOf("u-399"));
        sandbox.expireCursors(); // the saved cursor is no longer taken
        sandbox.resetStats();

        ImportFixture.Result run = f.run("--reconcile");

        assertThat(run.exitCode()).as(run.all()).isZero();
        // the saved cursor was sent and refused, then the whole listing: three pages
        assertThat(calls("GET /contacts")).isEqualTo(1 + 3);
        assertThat(refused()).isEqualTo(1);
        // u-5 is noticed only because the listing began again: a resume from page 2 would not list it
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("drifted").asLong()).isEqualTo(2);
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(calls("POST /contacts")).isEqualTo(2);
        assertThat(sandbox.contactByExternalId("u-5")).isPresent();
        assertThat(sandbox.contactByExternalId("u-399")).isPresent();
        assertThat(sandbox.contacts()).hasSize(400);

        // mended, and the refused run is not resumed again: the next reconcile lists the workspace once and finds nothing
        sandbox.resetStats();
        assertThat(f.run("--reconcile").exitCode()).isZero();
        assertThat(calls("GET /contacts")).isEqualTo(3);
        assertThat(refused()).isZero();
        assertThat(f.report().get("drifted").asLong()).isZero();
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    @Timeout(20)
    void aCursorRefusedMomentsAfterIntercomGaveItStopsTheRunInsteadOfListingAgainForever() throws Exception {
        // a workspace whose every cursor is refused at once, so the listing's own page-2 cursor is
        ImportFixture f = fixture(400, Sandbox.builder().cursorMaxAge(Duration.ZERO));
        sandbox.resetStats();

        ImportFixture.Result run = f.run("--reconcile");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1); // the run failed, before any row
        assertThat(run.err()).contains("GET /contacts").contains("Invalid starting_after param");
        assertThat(calls("GET /contacts")).isEqualTo(2); // page 1, then its own cursor refused: no second listing
        assertThat(refused()).isEqualTo(1);
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    @Timeout(30)
    void aListingWhoseCursorRepeatsStopsTheRunInsteadOfLoopingAndForgetsNothing() throws Exception {
        // Intercom giving back the cursor it was just sent (the tap's extraction meets it too): following it
        // would list the same page for ever. A proxy answers every page after the first with the cursor that asked for it.
        ImportFixture f = fixture(400);
        try (io.intercomsync.testing.MeddlingProxy proxy = new io.intercomsync.testing.MeddlingProxy(sandbox.baseUrl())) {
            proxy.hook(e -> {
                int at = e.pathAndQuery().indexOf("starting_after=");
                if (!e.method().equals("GET") || !e.pathAndQuery().startsWith("/contacts?") || at < 0 || e.status() != 200) {
                    return e;
                }
                try {
                    String cursor = java.net.URLDecoder.decode(e.pathAndQuery().substring(at + "starting_after=".length()),
                            java.nio.charset.StandardCharsets.UTF_8);
                    com.fasterxml.jackson.databind.node.ObjectNode page =
                            (com.fasterxml.jackson.databind.node.ObjectNode) ImportFixture.JSON.readTree(e.responseBody());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) page.path("pages")).putObject("next")
                            .put("per_page", 150).put("starting_after", cursor);
                    return e.answer(200, page.toString());
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            f.set("intercom.base-url", proxy.baseUrl());
            for (String gone : new String[]{"u-3", "u-4"}) {
                sandbox.deleteContact(idOf(gone));
            }
            sandbox.resetStats();

            ImportFixture.Result run = f.run("--reconcile");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1); // the run failed, before any row
            assertThat(run.err()).contains("GET /contacts").contains("cursor");
            assertThat(calls("GET /contacts")).isEqualTo(2); // page 1, page 2 (which repeats its cursor), no more
            assertThat(sandbox.stats().writes()).isZero();
        }
        // The listing did not end, so nothing was forgotten: contacts it never reached are not taken for deleted.
        f.set("intercom.base-url", sandbox.baseUrl());
        sandbox.resetStats();
        assertThat(f.run().exitCode()).isZero();
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(400);
    }

    @Test
    void aReconcileStoppedLessThanADayAgoIsResumed() throws Exception {
        ImportFixture f = fixture(400);
        ageTheLedgersContacts(f, Duration.ofHours(48));
        stopAReconcileAfterItsFirstPage(f, Instant.now().minus(Duration.ofHours(23)));
        sandbox.deleteContact(idOf("u-399"));
        sandbox.resetStats();

        ImportFixture.Result run = f.run("--reconcile");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(calls("GET /contacts")).isEqualTo(2); // pages 2 and 3, from the saved cursor
        assertThat(refused()).isZero();
        assertThat(f.report().get("drifted").asLong()).isEqualTo(1);
        assertThat(f.report().get("created").asLong()).isEqualTo(1);
        assertThat(sandbox.contacts()).hasSize(400);
    }

    @Test
    void aReconcileStoppedMoreThanADayAgoStartsTheListingAgain() throws Exception {
        ImportFixture f = fixture(400);
        ageTheLedgersContacts(f, Duration.ofHours(48));
        stopAReconcileAfterItsFirstPage(f, Instant.now().minus(Duration.ofHours(25)));
        sandbox.deleteContact(idOf("u-5")); // on the page the stopped run read: only a new listing sees it gone
        sandbox.deleteContact(idOf("u-399"));
        sandbox.resetStats();

        ImportFixture.Result run = f.run("--reconcile");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(calls("GET /contacts")).isEqualTo(3); // all three pages, the saved cursor not sent (it would still be taken)
        assertThat(refused()).isZero();
        assertThat(f.report().get("drifted").asLong()).isEqualTo(2);
        assertThat(f.report().get("created").asLong()).isEqualTo(2);
        assertThat(sandbox.contactByExternalId("u-5")).isPresent();
        assertThat(sandbox.contacts()).hasSize(400);
    }

    @Test
    void reconcileEveryRefreshesWhenTheLastRefreshIsOlderThanItAndNotOtherwise() throws Exception {
        ImportFixture f = fixture(10);
        f.set("import.reconcile-every", "7d");
        sandbox.resetStats();

        assertThat(f.run().exitCode()).isZero(); // never reconciled: due
        assertThat(calls("GET /contacts")).isEqualTo(1);
        assertThat(f.report().get("drifted").asLong()).isZero();

        sandbox.resetStats();
        assertThat(f.run().exitCode()).isZero(); // reconciled moments ago: not due
        assertThat(calls("GET /contacts")).isZero();
        assertThat(f.report().has("drifted")).isFalse();

        f.set("import.reconcile-every", "fortnightly");
        ImportFixture.Result bad = f.run();
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("import.reconcile-every=fortnightly is not a duration like 7d, 12h, 30m or 90s");
    }

    @Test
    void aReconcileEveryTooLongForTheClockIsAConfigurationErrorNamingTheKey() throws Exception {
        ImportFixture f = fixture(5);
        assertThat(f.run("--reconcile").exitCode()).isZero(); // a finished reconcile: the next run adds the period to it
        for (String v : new String[]{"9999999999999d", "999999999999999d", "99999999999999999999d"}) {
            f.set("import.reconcile-every", v);
            sandbox.resetStats();
            ImportFixture.Result bad = f.run();
            // was exit 1 with Java's "long overflow", "For input string" or "Instant exceeds minimum or maximum instant"
            assertThat(bad.exitCode()).as(v + ": " + bad.all()).isEqualTo(2);
            assertThat(bad.err()).contains("import.reconcile-every=" + v);
            assertThat(sandbox.stats().totalRequests()).isZero();
        }
    }

    @Test
    void aDryRunDoesNotReconcileAndSaysSo() throws Exception {
        ImportFixture f = fixture(5);
        sandbox.deleteContact(idOf("u-1"));
        sandbox.resetStats();

        ImportFixture.Result dry = f.run("--dry-run", "--reconcile");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(calls("GET /contacts")).isZero();
        assertThat(java.nio.file.Files.readString(lastDebugLog())).contains("A dry run does not reconcile");
        assertThat(f.report().has("drifted")).isFalse();
    }
}
