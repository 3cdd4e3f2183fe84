package io.intercomsync.imports;

import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** A row whose retryable failure outlives intercom.max-attempts fails alone, into the errors CSV; the run goes on. */
class ImportGiveUpTest {
    private static final String TOKEN = "tok-giveup-5e0c";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void rowsWhoseCallsKeepFailingAreGivenUpIntoTheErrorsCsvAndTheOthersAreWritten() throws Exception {
        // every update fails with a 5xx; creates succeed
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).faultRate(1.0).faults(EnumSet.of(Sandbox.Fault.SERVER_ERROR))
                .faultEndpoints(Set.of("PUT /contacts/{id}")).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN).set("intercom.max-attempts", "3");
        f.api("POST", "/contacts", "{\"external_id\":\"u-2\",\"name\":\"Before\"}");
        f.inboxFile("users_20260101T000000.csv", "external_id,name\nu-1,One\nu-2,Two\nu-3,Three\n");

        ImportFixture.Result run = f.run();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertReportAddsUp(f.report());
        assertThat(f.report().get("created").asLong()).isEqualTo(2);
        assertThat(f.report().get("failed").asLong()).isEqualTo(1);
        assertThat(f.report().get("retries").asLong()).isEqualTo(2);
        assertThat(f.errorRows()).hasSize(1);
        assertThat(f.errorRows().get(0).get(0)).isEqualTo("2");
        assertThat(f.errorRows().get(0).get(1)).startsWith("gave up after 3 attempts: PUT /contacts/{id} failed (5");
        assertThat(run.out()).contains("3 rows: 2 created, 0 updated, 0 unchanged, 1 failed");
        assertThat(sandbox.contactByExternalId("u-3")).isPresent();
    }
}
