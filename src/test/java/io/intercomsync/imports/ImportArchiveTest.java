package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.IntPredicate;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** import.missing=archive and its guard, end to end against the sandbox. */
class ImportArchiveTest {
    private static final String TOKEN = "tok-archive-41aa";

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
        return new ImportFixture(dir, sandbox, TOKEN).set("import.missing", "archive");
    }

    /** Contacts u-0 .. u-(n-1), those {@code keep} says. */
    private static String csv(int n, IntPredicate keep) {
        StringBuilder b = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < n; i++) {
            if (keep.test(i)) {
                b.append("u-").append(i).append(",u").append(i).append("@example.com,Name ").append(i).append('\n');
            }
        }
        return b.toString();
    }

    private long archivedInSandbox() {
        return sandbox.contacts().stream().filter(c -> sandbox.isArchived(c.path("external_id").asText())).count();
    }

    @Test
    void aFileMissingFiveOfAHundredKnownContactsArchivesExactlyThoseAndALaterFileRestoresThem() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(100, i -> true));
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("archived").asLong()).isZero();

        f.inboxFile("users_20260102T000000.csv", csv(100, i -> i < 95));
        sandbox.resetStats();
        ImportFixture.Result second = f.run();

        assertThat(second.exitCode()).as(second.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("archived").asLong()).isEqualTo(5);
        assertThat(report.get("unchanged").asLong()).isEqualTo(95);
        assertThat(sandbox.stats().byEndpoint().get("POST /contacts/{id}/archive")).isEqualTo(5);
        for (int i = 0; i < 100; i++) {
            assertThat(sandbox.isArchived("u-" + i)).as("u-" + i).isEqualTo(i >= 95);
        }
        assertThat(second.out()).contains("5 archived");

        // the same file again: nothing left to archive, no call
        sandbox.resetStats();
        assertThat(f.run("--file", dir.resolve("inbox/users_20260102T000000.csv").toString()).exitCode()).isZero();
        assertThat(f.report().get("archived").asLong()).isZero();
        assertThat(sandbox.stats().writes()).isZero();

        // they come back: unarchived and counted as updated
        f.inboxFile("users_20260103T000000.csv", csv(100, i -> true));
        ImportFixture.Result back = f.run();
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(f.report().get("updated").asLong()).isEqualTo(5);
        assertThat(archivedInSandbox()).isZero();
    }

    @Test
    void aRowThatSaysNoContactKeepsEverythingAndTheWarningNamesTheErrorsFile() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> true));
        assertThat(f.run().exitCode()).isZero();
        f.inboxFile("users_20260102T000000.csv", csv(10, i -> i < 5) + ",,Nobody\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3); // the keyless row failed
        assertThat(f.report().get("archived").asLong()).isZero();
        assertThat(archivedInSandbox()).isZero();
        try (var logs = java.nio.file.Files.list(dir.resolve("out/logs"))) {
            Path log = logs.filter(p -> p.toString().endsWith(".debug.log")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            assertThat(java.nio.file.Files.readString(log))
                    .contains("nothing was archived, because 1 rows do not say whose contact they are (see user_errors.csv)");
        }
    }

    @Test
    void aFileMissingHalfTheKnownContactsStopsBeforeArchivingAnythingAndSaysHowToOverride() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(100, i -> true));
        assertThat(f.run().exitCode()).isZero();
        f.inboxFile("users_20260102T000000.csv", csv(100, i -> i < 50));

        ImportFixture.Result truncated = f.run();

        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.err()).contains("would archive 50 of the 100 contacts this source imported (50%)")
                .contains("import.max-archive-share=0.1").contains("import.max-archive-share=0.5").doesNotContain("Exception");
        assertThat(archivedInSandbox()).isZero();
        assertThat(f.report().get("status").asText()).isEqualTo("failed");

        // a dry run lists them, says the run would stop, and archives nothing
        ImportFixture.Result dry = f.run("--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(f.report().get("archived").asLong()).isEqualTo(50);
        assertThat(dry.out()).contains("50 to archive");
        assertThat(archivedInSandbox()).isZero();

        // overridden: archived
        f.set("import.max-archive-share", "0.5");
        assertThat(f.run().exitCode()).isZero();
        assertThat(archivedInSandbox()).isEqualTo(50);
    }

    @Test
    void aRowThatDoesNotSayWhoseContactItIsArchivesNothing() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(20, i -> true));
        assertThat(f.run().exitCode()).isZero();
        // u-19 left, and one row has lost its key cells: which contacts the file has is not known
        f.inboxFile("users_20260102T000000.csv", csv(20, i -> i < 19) + ",,Nobody\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3); // that row failed
        assertThat(f.report().get("archived").asLong()).isZero();
        assertThat(archivedInSandbox()).isZero();
    }

    @Test
    void keepIsTheDefaultAndArchivesNothing() throws Exception {
        ImportFixture f = fixture();
        f.properties.remove("import.missing");
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> true));
        assertThat(f.run().exitCode()).isZero();
        f.inboxFile("users_20260102T000000.csv", csv(10, i -> i < 2));

        assertThat(f.run().exitCode()).isZero();

        assertThat(f.report().has("archived")).isFalse();
        assertThat(archivedInSandbox()).isZero();
    }
    @Test
    void aContactWhoseRowGainedAnExternalIdIsTheSameContactAndIsNotArchived() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", "external_id,email,name\n,a@example.com,A\nu-2,b@example.com,B\n");
        assertThat(f.run().exitCode()).isZero();
        // the export now carries a's external_id: another ledger key, the same contact
        f.inboxFile("users_20260102T000000.csv", "external_id,email,name\nu-1,a@example.com,A\nu-2,b@example.com,B\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(f.report().get("archived").asLong()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(archivedInSandbox()).isZero();
    }

    @Test
    void aFixUpFileFromAnotherFolderAndAnErrorsCsvArchiveNothingOfTheSource() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(20, i -> true));
        assertThat(f.run().exitCode()).isZero();
        java.nio.file.Files.createDirectories(dir.resolve("fixups"));
        Path fixup = java.nio.file.Files.writeString(dir.resolve("fixups/users_20260101T120000.csv"), csv(20, i -> i == 3));

        ImportFixture.Result run = f.run("--file", fixup.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(archivedInSandbox()).isZero();
        Path errors = java.nio.file.Files.writeString(dir.resolve("fixups/user_errors.csv"),
                "row_number,error,failed_at,external_id,email,name\n4,bad,2026-01-01T00:00:00Z,u-4,u4@example.com,Name 4\n");
        assertThat(f.run("--file", errors.toString()).exitCode()).isZero();
        assertThat(archivedInSandbox()).isZero();
        // and the regular source still knows all twenty: its next complete file archives nothing
        f.inboxFile("users_20260102T000000.csv", csv(20, i -> true));
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("archived").asLong()).isZero();
    }

    @Test
    void aContactWeArchivedIsRestoredWhenItComesBackEvenUnderExistingSkip() throws Exception {
        ImportFixture f = fixture().set("import.max-archive-share", "1");
        f.inboxFile("users_20260101T000000.csv", csv(4, i -> true));
        assertThat(f.run().exitCode()).isZero();
        f.inboxFile("users_20260102T000000.csv", csv(4, i -> i != 1));
        assertThat(f.run().exitCode()).isZero();
        assertThat(sandbox.isArchived("u-1")).isTrue();
        f.set("import.existing", "skip");
        f.inboxFile("users_20260103T000000.csv", csv(4, i -> true));

        ImportFixture.Result back = f.run();

        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(sandbox.isArchived("u-1")).isFalse();
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(3);
    }
}
