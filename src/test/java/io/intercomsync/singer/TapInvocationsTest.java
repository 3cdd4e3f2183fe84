package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tap as Singer's own tools run it: {@code --properties} (singer-io's taps' catalog flag), and only
 * {@code --config} (singer-check-tap --tap and older runners), then again with the last STATE.
 */
class TapInvocationsTest {
    private static final int STREAMS = TapStream.values().length;

    static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().seedUsers(20).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void with_only_config_every_stream_of_discovery_is_synced_and_stderr_says_so_then_the_state_resumes_it(@TempDir Path dir)
            throws Exception {
        TapRun.Builder b = new TapRun.Builder(dir, sandbox.baseUrl());
        Path config = b.configFile();

        TapRun first = b.run("tap", "--config", config.toString());

        assertThat(first.exitCode).as(first.stderr).isZero();
        assertThat(first.stderr).contains("No --catalog or --properties: syncing every stream of discovery (" + STREAMS + " streams)");
        assertThat(SingerChecker.check(first)).isEmpty();
        assertThat(SingerChecker.shapeProblems(first)).isEmpty();
        assertThat(recordsByStream(first)).hasSize(STREAMS).allSatisfy((stream, n) -> assertThat(n).as(stream).isPositive());

        JsonNode lastState = last(first, "STATE").path("value");
        assertThat(lastState.path("bookmarks").path("users").has("updated_at")).isTrue();
        Path state = b.file("state.json", lastState);
        TapRun again = b.run("tap", "--config", config.toString(), "--state", state.toString());

        assertThat(again.exitCode).as(again.stderr).isZero();
        assertThat(SingerChecker.check(again)).isEmpty();
        assertThat(SingerChecker.shapeProblems(again)).isEmpty();
        // the full-table streams again, the incremental ones from their bookmarks (the records sharing the bookmark's second)
        assertThat(recordsByStream(again).get("tags")).isEqualTo(recordsByStream(first).get("tags"));
        assertThat(recordsByStream(again).getOrDefault("users", 0)).isLessThan(recordsByStream(first).get("users"));
    }

    @Test
    void properties_is_the_catalog_flag_of_singer_ios_taps(@TempDir Path dir) throws Exception {
        TapRun.Builder b = new TapRun.Builder(dir, sandbox.baseUrl());
        ObjectNode catalog = Catalog.discover();
        for (JsonNode entry : catalog.path("streams")) {
            boolean on = Set.of("tags", "teams").contains(entry.path("tap_stream_id").asText());
            ((ObjectNode) entry.path("metadata").path(0).path("metadata")).put("selected", on);
        }
        Path file = b.file("properties.json", catalog);
        Path config = b.configFile();

        TapRun properties = b.run("tap", "--config", config.toString(), "--properties", file.toString());
        TapRun catalogRun = b.run("tap", "--config", config.toString(), "--catalog", file.toString());

        assertThat(properties.exitCode).as(properties.stderr).isZero();
        assertThat(recordsByStream(properties)).containsOnlyKeys("tags", "teams");
        assertThat(recordsByStream(properties)).isEqualTo(recordsByStream(catalogRun));
        assertThat(properties.stderr).doesNotContain("every stream of discovery");

        TapRun both = b.run("tap", "--config", config.toString(), "--discover", "--properties", file.toString());
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.stderr).contains("mutually exclusive");
    }

    @Test
    void a_deselected_field_is_left_out_of_the_schema_as_well_as_every_record(@TempDir Path dir) throws Exception {
        ObjectNode catalog = Catalog.discover();
        for (JsonNode entry : catalog.path("streams")) {
            boolean leads = entry.path("tap_stream_id").asText().equals("leads");
            ((ObjectNode) entry.path("metadata").path(0).path("metadata")).put("selected", leads);
            for (JsonNode fm : entry.path("metadata")) {
                if (leads && fm.path("breadcrumb").path(1).asText().equals("phone")) {
                    ((ObjectNode) fm.path("metadata")).put("selected", false);
                }
            }
        }

        TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).catalog(catalog).sync();

        assertThat(run.exitCode).as(run.stderr).isZero();
        JsonNode schema = run.messages.stream().filter(m -> m.path("type").asText().equals("SCHEMA")).findFirst().orElseThrow();
        assertThat(schema.path("schema").path("properties").has("phone")).isFalse();
        assertThat(schema.path("schema").path("properties").has("email")).isTrue();
        assertThat(recordsByStream(run)).containsOnlyKeys("leads");
        assertThat(SingerChecker.shapeProblems(run)).isEmpty();
        assertThat(run.messages).filteredOn(m -> m.path("type").asText().equals("RECORD"))
                .allSatisfy(m -> assertThat(m.path("record").has("phone")).isFalse());
    }

    static Map<String, Integer> recordsByStream(TapRun run) {
        Map<String, Integer> n = new TreeMap<>();
        for (JsonNode m : run.messages) {
            if (m.path("type").asText().equals("RECORD")) {
                n.merge(m.path("stream").asText(), 1, Integer::sum);
            }
        }
        return n;
    }

    private static JsonNode last(TapRun run, String type) {
        List<JsonNode> of = run.messages.stream().filter(m -> m.path("type").asText().equals(type)).toList();
        return of.get(of.size() - 1);
    }
}
