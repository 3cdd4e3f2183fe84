package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.cli.IntercomSyncCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Runs {@code intercom-sync tap} in-process through picocli, with stdout and stderr captured. */
final class TapRun {
    static final ObjectMapper JSON = new ObjectMapper();

    final int exitCode;
    final List<JsonNode> messages;
    final List<String> rawLines;
    /** What went to stderr: the command's own message and the log. */
    final String stderr;
    final String stdout;

    private TapRun(int exitCode, String stdout, String stderr, boolean singer) {
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.stdout = stdout;
        this.rawLines = new ArrayList<>();
        this.messages = new ArrayList<>();
        for (String line : singer ? stdout.split("\n") : new String[0]) {
            if (line.isEmpty()) {
                continue;
            }
            rawLines.add(line);
            try {
                messages.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("stdout carries a line that is not JSON: " + line);
            }
        }
    }

    /** The output of a tap run elsewhere (bin/tap-intercom in a process), read as this class reads its own. */
    static TapRun of(int exitCode, String stdout, String stderr) {
        return new TapRun(exitCode, stdout, stderr, true);
    }

    /** Builds the files of one run in {@code dir}. */
    static final class Builder {
        private final Path dir;
        private final ObjectNode config = JSON.createObjectNode();
        private Set<String> streams;
        private JsonNode state;
        private JsonNode catalog;
        private Integer dieAfterLines;
        private Consumer<String> onLine = l -> { };

        Builder(Path dir, String baseUrl) {
            this.dir = dir;
            config.put("access_token", "sandbox-token");
            config.put("start_date", "2000-01-01T00:00:00Z");
            config.put("base_url", baseUrl);
            config.put("retry_delay_ms", 5);
            config.put("search_lag_seconds", 0);
        }

        Builder config(String key, Object value) {
            config.set(key, JSON.valueToTree(value));
            return this;
        }

        Builder streams(String... ids) {
            streams = new LinkedHashSet<>(List.of(ids));
            return this;
        }

        Builder catalog(JsonNode c) {
            catalog = c;
            return this;
        }

        Builder state(JsonNode s) {
            state = s;
            return this;
        }

        Builder state(String json) {
            try {
                state = JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Simulates a killed process: after this many stdout lines every write fails. */
        Builder dieAfterLines(int n) {
            dieAfterLines = n;
            return this;
        }

        /** Called with every stdout line as it is written (from the tap's thread). */
        Builder onLine(Consumer<String> hook) {
            onLine = hook;
            return this;
        }

        TapRun sync() throws IOException {
            Path cfg = write("config.json", config);
            ObjectNode cat = catalog != null ? (ObjectNode) catalog : Catalog.discover();
            if (streams != null) {
                for (JsonNode entry : cat.path("streams")) {
                    boolean on = streams.contains(entry.path("tap_stream_id").asText());
                    ((ObjectNode) entry.path("metadata").path(0).path("metadata")).put("selected", on);
                }
            }
            Path catFile = write("catalog.json", cat);
            List<String> args = new ArrayList<>(List.of("tap", "--config", cfg.toString(), "--catalog", catFile.toString()));
            if (state != null) {
                args.add("--state");
                args.add(write("state.json", state).toString());
            }
            return run(args.toArray(String[]::new));
        }

        /** Writes the config file and returns its path, for runs with arguments of the test's own. */
        Path configFile() throws IOException {
            return write("config.json", config);
        }

        /** Writes a file of the run (a catalog, a state) and returns its path. */
        Path file(String name, JsonNode json) throws IOException {
            return write(name, json);
        }

        TapRun discover() throws IOException {
            Path cfg = write("config.json", config);
            return run(false, "tap", "--config", cfg.toString(), "--discover");
        }

        TapRun run(String... args) {
            return run(true, args);
        }

        private TapRun run(boolean singer, String... args) {
            LineWriter out = new LineWriter(dieAfterLines, onLine);
            StringWriter err = new StringWriter();
            int code;
            String log;
            try (LogCapture capture = LogCapture.begin()) {
                code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(err), args);
                log = capture.text();
            }
            return new TapRun(code, out.text(), err + log, singer);
        }

        private Path write(String name, JsonNode json) throws IOException {
            Path p = dir.resolve(name);
            Files.writeString(p, JSON.writeValueAsString(json));
            return p;
        }
    }

    /** Captures stdout, calls a hook per line, and can play dead after n lines. */
    private static final class LineWriter extends Writer {
        private final StringBuilder all = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private final Integer dieAfter;
        private final Consumer<String> onLine;
        private int lines;

        LineWriter(Integer dieAfter, Consumer<String> onLine) {
            this.dieAfter = dieAfter;
            this.onLine = onLine;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (dieAfter != null && lines >= dieAfter) {
                    throw new IllegalStateException("killed: the process died here");
                }
                char c = buf[i];
                all.append(c);
                if (c == '\n') {
                    lines++;
                    onLine.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return all.toString();
        }
    }

    List<JsonNode> records(String stream) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if ("RECORD".equals(m.path("type").asText()) && stream.equals(m.path("stream").asText())) {
                out.add(m.path("record"));
            }
        }
        return out;
    }

    Set<String> ids(String stream) {
        Set<String> ids = new LinkedHashSet<>();
        records(stream).forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    List<JsonNode> states() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if ("STATE".equals(m.path("type").asText())) {
                out.add(m.path("value"));
            }
        }
        return out;
    }

    JsonNode lastState() {
        List<JsonNode> s = states();
        return s.isEmpty() ? null : s.get(s.size() - 1);
    }

    /** The streams in the order their SCHEMA messages came. */
    List<String> schemaOrder() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if ("SCHEMA".equals(m.path("type").asText())) {
                out.add(m.path("stream").asText());
            }
        }
        return out;
    }

    static ArrayNode array(JsonNode n) {
        return (ArrayNode) n;
    }
}
