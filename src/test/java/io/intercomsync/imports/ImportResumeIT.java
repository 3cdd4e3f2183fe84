package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/intercom-sync as a user runs it (after {@code package}), killed with SIGKILL in the middle of a
 * file and run again: the work finishes, nobody is created twice, every row is counted once.
 */
class ImportResumeIT {
    private static final String TOKEN = "tok-resume-93d1";
    private static final int ROWS = 2000;

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Process start(Path config, Path csv) throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir"), "bin", "intercom-sync");
        return new ProcessBuilder(launcher.toString(), "import", "--config", config.toString(), "--file", csv.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.log").toFile())
                .start();
    }

    private JsonNode report() throws Exception {
        return new ObjectMapper().readTree(dir.resolve("out/run-report.json").toFile());
    }

    @Test
    void aRunKilledMidFileAndRunAgainFinishesWithoutDuplicatesCountingEveryRowOnce() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).latencyMs(15).start();
        StringBuilder csv = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("k-").append(i).append(",k").append(i).append("@example.com,Kill ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("users.csv"), csv);
        Path config = Files.writeString(dir.resolve("it.properties"), String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                "intercom.access-token=" + TOKEN,
                "output.folder=" + dir.resolve("out"),
                "state.url=jdbc:sqlite:" + dir.resolve("state/ledger.db"),
                "state.flush-rows=100",
                "state.flush-interval-ms=200",
                ""));

        Process first = start(config, file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sandbox.contacts().size() < ROWS / 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(first.isAlive()).as("the first run must still be running when killed").isTrue();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
        first.waitFor(30, TimeUnit.SECONDS);
        int createdBeforeKill = sandbox.contacts().size();
        assertThat(createdBeforeKill).isLessThan(ROWS);
        assertThat(dir.resolve("out/run-report.json")).doesNotExist();

        Process second = start(config, file);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("process.log"))).isZero();

        JsonNode report = report();
        ImportFixture.assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(ROWS);
        assertThat(report.get("failed").asLong()).isZero();
        // Rows whose knowledge was written before the kill cost nothing now; at most one batch was lost.
        assertThat(report.get("unchanged").asLong()).isPositive().isLessThanOrEqualTo(createdBeforeKill);
        assertThat(sandbox.contacts()).hasSize(ROWS);
        Set<String> externalIds = new HashSet<>();
        sandbox.contacts().forEach(c -> externalIds.add(c.path("external_id").asText()));
        assertThat(externalIds).hasSize(ROWS);

        sandbox.resetStats();
        Process third = start(config, file);
        assertThat(third.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(third.exitValue()).isZero();
        assertThat(report().get("unchanged").asLong()).isEqualTo(ROWS);
        assertThat(sandbox.stats().writes()).isZero();
    }
}
