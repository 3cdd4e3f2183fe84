package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged bin/tap-intercom run the way singer-check-tap --tap runs a tap (singer-tools cannot be
 * installed here: PyPI is out of reach): {@code --config} alone, then again with {@code --state} holding
 * the last STATE's value. Each run must exit 0 and print only Singer messages: a stream's SCHEMA before its
 * RECORDs, STATEs, every record valid against its schema and carrying every property of it.
 */
class TapCheckIT {
    @TempDir
    Path dir;

    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().seedUsers(30).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private TapRun tap(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin/tap-intercom").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the tap finished").isTrue();
        return TapRun.of(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void withOnlyConfigTheTapWritesValidSingerForEveryStreamAndResumesFromItsState() throws Exception {
        ObjectNode config = TapRun.JSON.createObjectNode()
                .put("access_token", "sandbox-token")
                .put("start_date", "2000-01-01T00:00:00Z")
                .put("base_url", sandbox.baseUrl())
                .put("search_lag_seconds", 0);
        Path configFile = Files.writeString(dir.resolve("config.json"), config.toString());

        TapRun first = tap("--config", configFile.toString());

        assertThat(first.exitCode).as(first.stderr).isZero();
        assertThat(first.stderr).contains("syncing every stream of discovery (12 streams)");
        assertValidSinger(first);

        JsonNode lastState = null;
        for (JsonNode m : first.messages) {
            if (m.path("type").asText().equals("STATE")) {
                lastState = m.path("value");
            }
        }
        assertThat(lastState).isNotNull();
        Path state = Files.writeString(dir.resolve("state.json"), lastState.toString());

        TapRun again = tap("--config", configFile.toString(), "--state", state.toString());

        assertThat(again.exitCode).as(again.stderr).isZero();
        assertValidSinger(again);
    }

    private static void assertValidSinger(TapRun run) {
        assertThat(run.rawLines).isNotEmpty();
        assertThat(SingerChecker.check(run)).isEmpty();
        assertThat(SingerChecker.shapeProblems(run)).isEmpty();
        Set<String> schemaSeen = new HashSet<>();
        Set<String> withRecords = new HashSet<>();
        int states = 0;
        for (JsonNode m : run.messages) {
            String stream = m.path("stream").asText();
            switch (m.path("type").asText()) {
                case "SCHEMA" -> {
                    assertThat(m.path("schema").path("properties").isObject()).as(stream).isTrue();
                    schemaSeen.add(stream);
                }
                case "RECORD" -> {
                    assertThat(schemaSeen).as("SCHEMA of " + stream + " before its first RECORD").contains(stream);
                    withRecords.add(stream);
                }
                case "STATE" -> states++;
                default -> throw new AssertionError("not a Singer message: " + m);
            }
        }
        assertThat(states).isPositive();
        assertThat(schemaSeen).hasSize(TapStream.values().length);
        assertThat(withRecords).contains("admins", "tags", "customer_attributes", "company_attributes", "segments", "teams");
        Map<String, Set<List<String>>> columns = SingerChecker.csvColumnSequences(run);
        columns.forEach((stream, sequences) -> assertThat(sequences).as(stream).hasSize(1));
    }
}
