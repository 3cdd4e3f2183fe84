package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.cli.IntercomSyncCli;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@code intercom-sync target} in-process through picocli: a generated Singer stream on stdin, stdout
 * and stderr captured, and a hook called for each stdout line at the moment it is written.
 */
final class TargetRun {
    static final ObjectMapper JSON = new ObjectMapper();

    final int exitCode;
    final List<String> stdoutLines;
    final String stderr;

    private TargetRun(int exitCode, List<String> stdoutLines, String stderr) {
        this.exitCode = exitCode;
        this.stdoutLines = stdoutLines;
        this.stderr = stderr;
    }

    /** A Singer stream, message by message. */
    static final class Input {
        private final StringBuilder text = new StringBuilder();

        Input schema(String stream, JsonNode schema, String... keys) {
            ObjectNode m = JSON.createObjectNode().put("type", "SCHEMA").put("stream", stream);
            m.set("schema", schema);
            var k = m.putArray("key_properties");
            for (String key : keys) {
                k.add(key);
            }
            return line(m);
        }

        Input record(String stream, Map<String, ?> record) {
            ObjectNode m = JSON.createObjectNode().put("type", "RECORD").put("stream", stream);
            m.set("record", JSON.valueToTree(record));
            m.put("time_extracted", "2026-11-25T00:00:00Z");
            return line(m);
        }

        Input state(JsonNode value) {
            ObjectNode m = JSON.createObjectNode().put("type", "STATE");
            m.set("value", value);
            return line(m);
        }

        Input activateVersion(String stream, long version) {
            return line(JSON.createObjectNode().put("type", "ACTIVATE_VERSION").put("stream", stream).put("version", version));
        }

        Input raw(String line) {
            text.append(line).append('\n');
            return this;
        }

        private Input line(JsonNode m) {
            return raw(m.toString());
        }

        String text() {
            return text.toString();
        }
    }

    static ObjectNode config(String baseUrl, String token, Path dir) {
        ObjectNode c = JSON.createObjectNode();
        c.put("access_token", token);
        c.put("base_url", baseUrl);
        c.put("users_stream", "users");
        c.put("state_url", "jdbc:sqlite:" + dir.resolve("state/target.db"));
        c.put("errors_file", dir.resolve("out/target_errors.csv").toString());
        c.put("retry_delay_ms", 5);
        c.put("max_retry_delay_ms", 50);
        return c;
    }

    /** Runs the target; {@code onStdoutLine} sees each stdout line as it is written (before the next is). */
    static TargetRun run(Path dir, JsonNode config, Input input, Consumer<String> onStdoutLine) throws Exception {
        Path configFile = dir.resolve("target-config.json");
        Files.writeString(configFile, config.toString());
        List<String> lines = new ArrayList<>();
        Writer out = new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        String l = line.toString();
                        line.setLength(0);
                        lines.add(l);
                        onStdoutLine.accept(l);
                    } else {
                        line.append(buf[i]);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        InputStream stdin = System.in;
        int code;
        try {
            System.setIn(new ByteArrayInputStream(input.text().getBytes(StandardCharsets.UTF_8)));
            code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(err), "target", "--config", configFile.toString());
        } finally {
            System.setIn(stdin);
        }
        return new TargetRun(code, lines, err.toString());
    }

    /** The errors file's data rows: row_number, error, failed_at, stream, record. */
    static List<CSVRecord> errorRows(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Reader r = Files.newBufferedReader(file)) {
            List<CSVRecord> all = CSVFormat.DEFAULT.parse(r).getRecords();
            return all.isEmpty() ? all : all.subList(1, all.size());
        }
    }
}
