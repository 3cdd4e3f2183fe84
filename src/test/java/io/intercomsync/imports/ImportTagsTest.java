package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** contact.tags: a column of tag names and tags for the whole file, end to end against the sandbox. */
class ImportTagsTest {
    private static final String TOKEN = "tok-tags-2b9d";
    private static final String MAPPING = """
            contact:
              standard:
                external_id: id
                email: email
              tags:
                column: Segments
                separator: "|"
                all: [csv-import-{date}, "{file}"]
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
        return f;
    }

    private long calls(String endpoint) {
        return sandbox.stats().byEndpoint().getOrDefault(endpoint, 0L);
    }

    private static String today() {
        return "csv-import-" + LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void columnAndFileTagsAreCreatedOnceAttachedAndAChangedColumnTakesTheOldTagOff() throws Exception {
        ImportFixture f = fixture();
        f.api("POST", "/tags", "{\"name\":\"vip\"}"); // exists already, spelt otherwise: used, not created again
        f.inboxFile("users_20260101T000000.csv", "id,email,Segments\n"
                + "u-1,u1@example.com,VIP|Trial\n"
                + "u-2,u2@example.com,Trial\n"
                + "u-3,u3@example.com,\n");
        sandbox.resetStats();

        ImportFixture.Result first = f.run();

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertReportAddsUp(f.report());
        assertThat(sandbox.tagNames("u-1")).containsExactlyInAnyOrder("vip", "Trial", today(), "users_20260101T000000.csv");
        assertThat(sandbox.tagNames("u-2")).containsExactlyInAnyOrder("Trial", today(), "users_20260101T000000.csv");
        assertThat(sandbox.tagNames("u-3")).containsExactlyInAnyOrder(today(), "users_20260101T000000.csv");
        // Trial and the two file-wide tags are new; vip was there: three creates, one listing
        assertThat(calls("POST /tags")).isEqualTo(3);
        assertThat(calls("GET /tags")).isEqualTo(1);
        assertThat(calls("POST /contacts/{id}/tags")).isEqualTo(4 + 3 + 2);

        // the same rows again: no tag call at all
        f.inboxFile("users_20260101T000000.csv", "id,email,Segments\nu-1,u1@example.com,VIP|Trial\nu-2,u2@example.com,Trial\nu-3,u3@example.com,\n");
        sandbox.resetStats();
        assertThat(f.run("--file", dir.resolve("inbox/users_20260101T000000.csv").toString()).exitCode()).isZero();
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(3);
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(calls("GET /tags")).isZero();

        // u-1 leaves the Trial segment: that tag comes off, the file-wide ones stay
        f.inboxFile("users_20260101T000000.csv", "id,email,Segments\nu-1,u1@example.com,vip\nu-2,u2@example.com,Trial\nu-3,u3@example.com,\n");
        sandbox.resetStats();
        ImportFixture.Result changed = f.run("--file", dir.resolve("inbox/users_20260101T000000.csv").toString());

        assertThat(changed.exitCode()).as(changed.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("updated").asLong()).isEqualTo(1);
        assertThat(report.get("unchanged").asLong()).isEqualTo(2);
        assertThat(calls("DELETE /contacts/{id}/tags/{tag_id}")).isEqualTo(1);
        assertThat(calls("PUT /contacts/{id}")).isZero(); // the contact itself did not change
        assertThat(sandbox.tagNames("u-1")).containsExactlyInAnyOrder("vip", today(), "users_20260101T000000.csv");
        assertThat(sandbox.tagNames("u-2")).contains("Trial");
    }

    @Test
    void aFullRunAttachesEveryTagAgainAndAPlainRunAttachesNone() throws Exception {
        ImportFixture f = fixture();
        String csv = "id,email,Segments\n"
                + "u-1,u1@example.com,VIP|Trial\n"
                + "u-2,u2@example.com,Trial\n"
                + "u-3,u3@example.com,\n";
        f.inboxFile("users_20260101T000000.csv", csv);
        ImportFixture.Result first = f.run();
        assertThat(first.exitCode()).as(first.all()).isZero();
        String file = dir.resolve("inbox/users_20260101T000000.csv").toString();
        // someone takes Trial off u-1 in Intercom: the ledger still believes it is there
        String u1 = sandbox.contactByExternalId("u-1").orElseThrow().path("id").asText();
        String trial = null;
        for (JsonNode t : f.api("GET", "/tags", null).path("data")) {
            if (t.path("name").asText().equals("Trial")) {
                trial = t.path("id").asText();
            }
        }
        assertThat(trial).isNotNull();
        f.api("DELETE", "/contacts/" + u1 + "/tags/" + trial, null);
        assertThat(sandbox.tagNames("u-1")).doesNotContain("Trial");

        // a plain re-run spends no tag call: the ledger says every tag is on
        sandbox.resetStats();
        ImportFixture.Result plain = f.run("--file", file);
        assertThat(plain.exitCode()).as(plain.all()).isZero();
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(3);
        assertThat(calls("POST /contacts/{id}/tags")).isZero();
        assertThat(calls("GET /tags")).isZero();
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(sandbox.tagNames("u-1")).doesNotContain("Trial");

        // --full attaches every tag of every row again, the one taken off in Intercom included
        sandbox.resetStats();
        ImportFixture.Result full = f.run("--full", "--file", file);
        assertThat(full.exitCode()).as(full.all()).isZero();
        assertReportAddsUp(f.report());
        assertThat(calls("POST /contacts/{id}/tags")).isEqualTo(4 + 3 + 2);
        assertThat(calls("POST /tags")).isZero(); // the tags exist: attached, not created again
        assertThat(calls("DELETE /contacts/{id}/tags/{tag_id}")).isZero();
        assertThat(sandbox.tagNames("u-1")).containsExactlyInAnyOrder("VIP", "Trial", today(), "users_20260101T000000.csv");
        assertThat(sandbox.tagNames("u-2")).containsExactlyInAnyOrder("Trial", today(), "users_20260101T000000.csv");
        assertThat(sandbox.tagNames("u-3")).containsExactlyInAnyOrder(today(), "users_20260101T000000.csv");

        // and a plain run after it is free again
        sandbox.resetStats();
        assertThat(f.run("--file", file).exitCode()).isZero();
        assertThat(calls("POST /contacts/{id}/tags")).isZero();
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    void blankTagNamesBetweenSeparatorsAreDroppedAndTheDefaultSeparatorIsASemicolon() throws Exception {
        ImportFixture f = fixture();
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                  tags:
                    column: Segments
                """);
        f.inboxFile("users_20260101T000000.csv", "id,Segments\nu-1,ok\nu-2,\" ; ok\"\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(sandbox.tagNames("u-1")).containsExactly("ok");
        assertThat(sandbox.tagNames("u-2")).containsExactly("ok");
    }

    @Test
    void aFileWideTagWithALineBreakLosesItAsAColumnTagDoesAndARerunSpendsNoTagCall() throws Exception {
        ImportFixture f = fixture();
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                  tags:
                    all: ["two\\nlines"]
                """);
        f.inboxFile("users_20260101T000000.csv", "id\nu-1\nu-2\n");

        ImportFixture.Result first = f.run();

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(sandbox.tagNames("u-1")).containsExactly("two lines");
        // the ledger keeps one tag a line: a name with a line break in it never read back as the same tag,
        // so every later run tagged every contact again
        sandbox.resetStats();
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(2);
        assertThat(calls("POST /contacts/{id}/tags")).isZero();
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    void aMappingWithATagColumnTheFileLacksStopsBeforeAnythingIsWritten() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", "id,email\nu-1,u1@example.com\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Segments").contains("contact.tags.column");
        assertThat(sandbox.stats().writes()).isZero();
    }
    @Test
    void aTagCallThatKeepsFailingFailsItsRowInTheErrorsCsvWithTheReasonAndTheNextRunTagsIt() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).faultRate(1.0).faults(java.util.EnumSet.of(Sandbox.Fault.SERVER_ERROR))
                .faultEndpoints(java.util.Set.of("POST /contacts/{id}/tags")).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN).set("intercom.max-attempts", "2");
        f.mapping(MAPPING);
        f.inboxFile("users_20260101T000000.csv", "id,email,Segments\nu-1,u1@example.com,VIP\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(f.errorRows()).hasSize(1);
        assertThat(f.errorRows().get(0).get(1)).contains("gave up after 2 attempts").contains("POST /contacts/{id}/tags");
        assertThat(sandbox.contactByExternalId("u-1")).isPresent(); // the contact itself was written
        assertThat(sandbox.tagNames("u-1")).isEmpty();

        sandbox.setFaultRate(0);
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        assertThat(sandbox.tagNames("u-1")).contains("VIP");
    }
}
