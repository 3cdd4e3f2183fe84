package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** import.existing=update|skip and import.new=create|skip, end to end against the sandbox. */
class ImportRulesTest {
    private static final String TOKEN = "tok-rules-7f3a";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Five contacts already in the workspace, named "Before i"; the file has ten, named "File i". */
    private ImportFixture fixture() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        for (int i = 0; i < 5; i++) {
            f.api("POST", "/contacts", "{\"external_id\":\"u-" + i + "\",\"email\":\"u" + i + "@example.com\",\"name\":\"Before " + i + "\"}");
        }
        StringBuilder csv = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < 10; i++) {
            csv.append("u-").append(i).append(",u").append(i).append("@example.com,File ").append(i).append('\n');
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());
        sandbox.resetStats();
        return f;
    }

    private String nameOf(String externalId) {
        return sandbox.contactByExternalId(externalId).map(c -> c.path("name").asText()).orElse(null);
    }

    private long calls(String endpoint) {
        return sandbox.stats().byEndpoint().getOrDefault(endpoint, 0L);
    }

    @Test
    void existingSkipCreatesTheNewContactsAndLeavesTheOnesIntercomHadAsTheyWere() throws Exception {
        ImportFixture f = fixture().set("import.existing", "skip");

        ImportFixture.Result first = f.run();

        assertThat(first.exitCode()).as(first.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("created").asLong()).isEqualTo(5);
        assertThat(report.get("skipped").asLong()).isEqualTo(5);
        assertThat(report.get("updated").asLong()).isZero();
        assertThat(calls("PUT /contacts/{id}")).isZero();
        assertThat(nameOf("u-2")).isEqualTo("Before 2");
        assertThat(nameOf("u-7")).isEqualTo("File 7");
        assertThat(sandbox.contacts()).hasSize(10);
        assertThat(first.out()).contains("5 skipped");
        // skipped rows are not errors
        assertThat(Files.readAllLines(dir.resolve("out/user_errors.csv"))).hasSize(1);

        sandbox.resetStats();
        ImportFixture.Result second = f.run();

        // the ledger remembers which contacts Intercom had: no call at all the second time
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(f.report().get("skipped").asLong()).isEqualTo(5);
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(5);
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(f.report().get("api_calls").asLong()).isEqualTo(1); // GET /me

        // back to the default: the contacts skipped before are now written
        f.set("import.existing", "update");
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("updated").asLong()).isEqualTo(5);
        assertThat(nameOf("u-2")).isEqualTo("File 2");
    }

    @Test
    void newSkipUpdatesTheContactsIntercomHasAndCreatesNone() throws Exception {
        ImportFixture f = fixture().set("import.new", "skip");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("updated").asLong()).isEqualTo(5);
        assertThat(report.get("skipped").asLong()).isEqualTo(5);
        assertThat(report.get("created").asLong()).isZero();
        assertThat(calls("POST /contacts")).isZero();
        assertThat(sandbox.contacts()).hasSize(5);
        assertThat(nameOf("u-3")).isEqualTo("File 3");
        assertThat(nameOf("u-8")).isNull();
    }

    @Test
    void newSkipFindsContactsByEmailWhenTheFileHasNoExternalId() throws Exception {
        ImportFixture f = fixture().set("import.new", "skip");
        f.inboxFile("users_20260102T000000.csv", "email,name\nu1@example.com,By email\nnobody@example.com,Nobody\n");

        assertThat(f.run().exitCode()).isZero();

        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        assertThat(f.report().get("skipped").asLong()).isEqualTo(1);
        assertThat(nameOf("u-1")).isEqualTo("By email");
        assertThat(sandbox.contacts()).hasSize(5);
    }

    @Test
    void aDryRunWithExistingSkipCountsTheLedgersContactsAsSkippedAndWritesNothing() throws Exception {
        ImportFixture f = fixture();
        assertThat(f.run().exitCode()).isZero(); // every contact known to the ledger now
        sandbox.resetStats();
        f.inboxFile("users_20260102T000000.csv", "external_id,email,name\nu-1,u1@example.com,Changed\nu-99,u99@example.com,New\n");
        f.set("import.existing", "skip");

        ImportFixture.Result dry = f.run("--dry-run");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(f.report().get("skipped").asLong()).isEqualTo(1);
        assertThat(f.report().get("created").asLong()).isEqualTo(1);
        assertThat(sandbox.stats().writes()).isZero();
    }

    @Test
    void aMistypedRuleStopsAtStartupNamingTheKeyAndTheValuesItTakes() throws Exception {
        ImportFixture f = fixture().set("import.existing", "ignore");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("import.existing=ignore is not one of update or skip");
        assertThat(sandbox.stats().writes()).isZero();

        f.set("import.existing", "skip").set("import.new", "skip");
        ImportFixture.Result both = f.run();
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("would write nothing");
    }
}
