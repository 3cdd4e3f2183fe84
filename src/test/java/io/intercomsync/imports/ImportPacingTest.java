package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An all-new import with the default pacing against windows that begin at an odd moment (3.7 s past the
 * ten) and a reset header up to 2 s late: every row is written, the full windows are spent, and the
 * 429s stay a handful. Judged by what the sandbox served in each window.
 */
class ImportPacingTest {
    private static final String TOKEN = "tok-pacing-41d2";
    private static final int LIMIT = 50;
    private static final int ROWS = 170; // three and a half windows

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
    void anOddPhaseAndALateResetHeaderStillFillEveryWindowWithoutA429Storm() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(LIMIT).windowPhaseMs(3_700).resetHeader("late")
                .latencyMs(40).latencyJitterMs(40).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                    email: email
                    name: name
                """);
        StringBuilder csv = new StringBuilder("id,email,name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("p-").append(i).append(",p").append(i).append("@example.com,Paced ").append(i).append('\n');
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("created").asLong()).isEqualTo(ROWS);
        assertThat(sandbox.contacts()).hasSize(ROWS);
        // A probe may cost a 429 at a boundary the reset header misplaces, twice when the machine is busy and
        // an answer comes late; a storm is every request in flight refused, dozens a window.
        assertThat(report.get("rate_limited").asLong()).as("429s").isLessThanOrEqualTo(6);
        assertThat(report.get("allowance_per_window").asInt()).isEqualTo(LIMIT);
        assertThat(report.get("peak_in_flight").asInt()).isBetween(1, 256);

        // full windows: after the first (the run began inside it) and over before the last rows were sent
        NavigableMap<Long, long[]> served = sandbox.windowsServed(TOKEN);
        long lastSent = java.time.Instant.parse(report.get("finished_at").asText()).toEpochMilli() - 300;
        List<Long> full = new ArrayList<>();
        for (var window : served.tailMap(served.firstKey(), false).entrySet()) {
            if (window.getKey() + 10_000 <= lastSent) {
                full.add(window.getValue()[0]);
            }
        }
        assertThat(full).as("calls accepted in each full window").isNotEmpty()
                .allSatisfy(accepted -> assertThat(accepted).isGreaterThanOrEqualTo((long) (0.9 * LIMIT)));
        assertThat(report.get("allowance_used").asDouble()).isGreaterThanOrEqualTo(0.9);
    }
}
