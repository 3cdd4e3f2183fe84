package io.intercomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.cli.IntercomSyncCli;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.sandbox.SandboxStats;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the sync ledger saves: a file of N rows (default 100,000) imported into a sandbox (no rate limit,
 * no latency), then the same file again (goal: 0 write calls), then the file with 1% of its rows
 * changed (goal: 1% of N calls), then, with 100 contacts deleted and 100 edited in the workspace,
 * {@code --reconcile} (goal: N/150 listing calls, every drifted contact written again, no other write).
 * Not a test: run it by hand, see docs/ledger.md for the command.
 *
 * <p>Arguments: [rows] [work folder]. Prints one line per run and a summary.
 */
public final class LedgerBench {
    private static final String TOKEN = "bench-token";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("ledger-bench");
        Files.createDirectories(work);
        try (Sandbox sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).latencyMs(0).start()) {
            Path config = Files.writeString(work.resolve("bench.properties"), String.join("\n",
                    "intercom.base-url=" + sandbox.baseUrl(),
                    "intercom.access-token=" + TOKEN,
                    "output.folder=" + work.resolve("out"),
                    "state.url=jdbc:sqlite:" + work.resolve("state/bench.db"),
                    "source.stable-ms=0", // the files are generated whole just before: no quiet period in the timings
                    ""));
            Files.deleteIfExists(work.resolve("state/bench.db"));
            Path file = work.resolve("users.csv");
            Path changed = work.resolve("users-1pct.csv");
            writeCsv(file, rows, false);
            writeCsv(changed, rows, true);

            System.out.printf("LedgerBench: %,d rows, sandbox rate limit 0 (unlimited), latency 0 ms, %d cores, max heap %d MB%n",
                    rows, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            run("first run (empty ledger)", sandbox, config, file);
            run("second run, same file", sandbox, config, file);
            run("1% of rows changed", sandbox, config, changed);
            drift(sandbox, rows);
            run("reconcile after drift", sandbox, config, changed, "--reconcile");
        }
    }

    /** 100 contacts deleted and 100 edited in the workspace, as people in Intercom would. */
    private static void drift(Sandbox sandbox, int rows) throws Exception {
        long newest = 0;
        for (int i = 1; i <= 200; i++) {
            newest = Math.max(newest, sandbox.contactByExternalId("b-" + (i * (rows / 201))).orElseThrow().path("updated_at").asLong());
        }
        while (System.currentTimeMillis() / 1000 <= newest) {
            Thread.sleep(20); // updated_at has whole seconds: an edit must land in a later one to show
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 1; i <= 200; i++) {
            String id = sandbox.contactByExternalId("b-" + (i * (rows / 201))).orElseThrow().path("id").asText();
            if (i <= 100) {
                sandbox.deleteContact(id);
            } else {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/contacts/" + id))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Edited in Intercom\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static void run(String label, Sandbox sandbox, Path config, Path file, String... extra) throws Exception {
        sandbox.resetStats();
        StringWriter out = new StringWriter();
        long t0 = System.nanoTime();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("import", "--config", config.toString(), "--file", file.toString()));
        args.addAll(java.util.List.of(extra));
        int code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        SandboxStats stats = sandbox.stats();
        long writeCalls = stats.byEndpoint().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("GET") && !e.getKey().equals("POST /contacts/search"))
                .mapToLong(Map.Entry::getValue).sum();
        JsonNode report = new ObjectMapper().readTree(config.getParent().resolve("out/run-report.json").toFile());
        System.out.printf("%-26s exit %d  %,7d ms  write calls %,7d  (created %,d, updated %,d, unchanged %,d, failed %,d; retries %,d%s)  %s%n",
                label, code, ms, writeCalls, report.get("created").asLong(), report.get("updated").asLong(),
                report.get("unchanged").asLong(), report.get("failed").asLong(), report.get("retries").asLong(),
                report.has("drifted") ? "; drifted " + report.get("drifted").asLong() : "", stats.byEndpoint());
    }

    /** external_id, email, name; with {@code changed}, every 100th row has another name. */
    private static void writeCsv(Path file, int rows, boolean changed) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("external_id,email,name,phone\n");
            for (int i = 0; i < rows; i++) {
                String name = changed && i % 100 == 0 ? "Changed " + i : "User " + i;
                w.write("b-" + i + ",b" + i + "@example.com," + name + ",+1555" + (1_000_000 + i) + "\n");
            }
        }
    }
}
