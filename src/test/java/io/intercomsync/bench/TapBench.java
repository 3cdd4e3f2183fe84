package io.intercomsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.cli.IntercomSyncCli;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.sandbox.SandboxStats;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures the tap (not a test): records per second for users and for conversation_parts against a
 * sandbox answering in 125 ms with a rate limit of 250 calls per 10-second window, the tap run in-process
 * through its picocli command with stdout counted and discarded.
 *
 * <p>Arguments: seeded users (default 2000; conversations are half that), users for the one-at-a-time parts
 * baseline (default 200).
 */
public final class TapBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 250;
    private static final int LATENCY_MS = 125;

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int baselineUsers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path work = Files.createDirectories(Path.of("bench/work/tap"));
        System.out.printf(Locale.ROOT, "machine: %d cores, java %s; sandbox: latency %d ms, rate limit %d per 10-second window%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LATENCY_MS, LIMIT);
        try (Sandbox sandbox = Sandbox.builder().seedUsers(users).latencyMs(LATENCY_MS).rateLimit(LIMIT).start()) {
            report("users", users + " seeded users", run(sandbox, work, "users", 8), sandbox);
            sandbox.resetStats();
            report("conversation_parts", users / 2 + " conversations, parts_concurrency 8", run(sandbox, work, "conversation_parts", 8), sandbox);
        }
        try (Sandbox sandbox = Sandbox.builder().seedUsers(baselineUsers).latencyMs(LATENCY_MS).rateLimit(LIMIT).start()) {
            report("conversation_parts", baselineUsers / 2 + " conversations, parts_concurrency 1 (one at a time, as the seed)",
                    run(sandbox, work, "conversation_parts", 1), sandbox);
        }
    }

    record Result(long records, double seconds, int exitCode, String stderr) {
    }

    /** Runs one stream of the tap in-process; {@code concurrency} 0 leaves parts_concurrency at its default. */
    static Result run(Sandbox sandbox, Path work, String stream, int concurrency) throws Exception {
        ObjectNode config = JSON.createObjectNode().put("access_token", "sandbox-token").put("start_date", "2000-01-01T00:00:00Z")
                .put("base_url", sandbox.baseUrl()).put("search_lag_seconds", 0);
        if (concurrency > 0) {
            config.put("parts_concurrency", concurrency);
        }
        Path cfg = work.resolve("config.json");
        Files.writeString(cfg, config.toString());
        ObjectNode catalog = io.intercomsync.singer.Catalog.discover();
        catalog.path("streams").forEach(s -> ((ObjectNode) s.path("metadata").get(0).path("metadata"))
                .put("selected", s.path("tap_stream_id").asText().equals(stream)));
        Path cat = work.resolve("catalog.json");
        Files.writeString(cat, catalog.toString());
        RecordCounter out = new RecordCounter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(err), "tap", "--config", cfg.toString(), "--catalog", cat.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(out.records, seconds, code, err.toString());
    }

    private static void report(String stream, String what, Result r, Sandbox sandbox) {
        SandboxStats st = sandbox.stats();
        System.out.printf(Locale.ROOT, "%s (%s): %d records in %.1f s = %.0f records/s; %d API calls (%.1f/s), %d answered 429; exit %d%s%n",
                stream, what, r.records, r.seconds, r.records / r.seconds, st.totalRequests(), st.totalRequests() / r.seconds,
                st.rateLimited(), r.exitCode, r.exitCode == 0 ? "" : " " + r.stderr.trim());
    }

    /** Counts RECORD lines and throws the output away. */
    private static final class RecordCounter extends Writer {
        long records;
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    if (line.indexOf("\"type\":\"RECORD\"") >= 0) {
                        records++;
                    }
                    line.setLength(0);
                } else if (line.length() < 40) {
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
    }
}
