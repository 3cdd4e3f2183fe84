package io.intercomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.sandbox.SandboxStats;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * make bench: the import measured against the physical limit, Intercom's rate limit. Runs the packaged
 * bin/intercom-sync (a separate JVM, as users run it) against an in-process sandbox whose request
 * counts are snapshotted at every 10-second window boundary.
 *
 * <p>Arguments: rows for the rate-limited import (default 1500), rows for the one-at-a-time baseline
 * (default 200), rows for the dry-run memory series (default "100000,1000000,5000000").
 */
public final class ImportBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 250;      // per 10-second window, as issue 10 asks
    private static final int LATENCY_MS = 100;  // 100 to 150 ms per response, as issue 10 asks
    private static final int JITTER_MS = 50;
    private static final Path WORK = Path.of("bench/work");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int baselineRows = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String dryRunSeries = args.length > 2 ? args[2] : "100000,1000000,5000000";
        Files.createDirectories(WORK);
        deleteLedger(); // every measurement starts from a workspace and a ledger that know nothing
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "machine: %d cores, %s, java %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version")));
        lines.add(String.format(Locale.ROOT, "sandbox: latency %d-%d ms, rate limit %d per 10-second window", LATENCY_MS, LATENCY_MS + JITTER_MS, LIMIT));

        try (Sandbox sandbox = Sandbox.builder().latencyMs(LATENCY_MS).latencyJitterMs(JITTER_MS).rateLimit(LIMIT).start()) {
            createSampleAttributes(sandbox);
            Path file = csv("rated", rows, 0);
            Measured ours = importWithWindows(sandbox, file, 16);
            lines.add(String.format(Locale.ROOT, "all-new import, %d rows, max-in-flight 16: %.1f rows/s; utilisation %.3f of full windows (goal >= 0.95); 429 share %.2f%% (goal < 1%%); %.3f API calls per row (goal 1.0); %s",
                    rows, ours.rowsPerSecond(), ours.utilisation(), ours.share429() * 100, ours.callsPerRow(rows), ours.windowsText()));

            Path baselineFile = csv("baseline", baselineRows, 1_000_000);
            Measured baseline = importWithWindows(sandbox, baselineFile, 1);
            lines.add(String.format(Locale.ROOT, "row by row (one request at a time, as the seed program), %d rows: %.1f rows/s; speed-up of ours: %.1fx (ceiling at this rate limit: %.1fx)",
                    baselineRows, baseline.rowsPerSecond(), ours.rowsPerSecond() / baseline.rowsPerSecond(),
                    (LIMIT / 10.0) / baseline.rowsPerSecond()));

            sandbox.resetStats();
            Measured rerun = importWithWindows(sandbox, file, 16);
            lines.add(String.format(Locale.ROOT, "re-run of the same %d rows: %d write calls (goal 0); %s", rows, rerun.writeCalls(), rerun.reportLine()));

            Path changed = csvWithChanges("rated-1pct", rows, 100); // every 100th row changed: 1%
            Measured onePercent = importWithWindows(sandbox, changed, 16);
            lines.add(String.format(Locale.ROOT, "re-run with 1%% of rows changed (%d of %d): %d write calls (goal %d); %s",
                    rows / 100, rows, onePercent.writeCalls(), rows / 100, onePercent.reportLine()));
        }

        try (Sandbox unlimited = Sandbox.builder().rateLimit(0).start()) {
            for (String n : dryRunSeries.split(",")) {
                int count = Integer.parseInt(n.trim());
                Path file = csv("dry" + count, count, 0);
                DryRun d = dryRun(unlimited, file);
                lines.add(String.format(Locale.ROOT, "dry run, %,d rows (no API in the way), -Xmx256m: %,.0f rows/s; peak heap after GC %.0f MB, peak before GC %.0f MB (goal < 256 MB, flat)",
                        count, count / d.seconds(), d.peakAfterGcMb(), d.peakBeforeGcMb()));
                Files.deleteIfExists(file);
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
        Files.write(WORK.resolve("last-results.txt"), lines);
    }

    record Measured(JsonNode report, List<long[]> windows, long rateLimited, long total) {
        /** Rows per second of the run itself (the report's duration: JVM and Camel start-up excluded). */
        double rowsPerSecond() {
            return report.get("rows").asLong() / (report.get("duration_ms").asLong() / 1000.0);
        }

        /** Successful calls in full windows / what those windows allowed. */
        double utilisation() {
            if (windows.size() < 3) {
                return Double.NaN;
            }
            long ok = 0;
            List<long[]> full = windows.subList(1, windows.size() - 1); // the first and last are partial
            for (long[] w : full) {
                ok += w[0] - w[1];
            }
            return ok / (double) (LIMIT * full.size());
        }

        double share429() {
            return total == 0 ? 0 : rateLimited / (double) total;
        }

        double callsPerRow(int rows) {
            return (report.get("api_calls").asLong() - report.get("rate_limited").asLong() - 2) / (double) rows; // less GET /me and GET /data_attributes
        }

        long writeCalls() {
            return report.get("write_calls").asLong();
        }

        String windowsText() {
            StringBuilder sb = new StringBuilder("calls per window (ok/429):");
            for (long[] w : windows) {
                sb.append(' ').append(w[0] - w[1]).append('/').append(w[1]);
            }
            return sb.toString();
        }

        String reportLine() {
            return String.format(Locale.ROOT, "created %d, updated %d, unchanged %d, failed %d, api_calls %d",
                    report.get("created").asLong(), report.get("updated").asLong(), report.get("unchanged").asLong(),
                    report.get("failed").asLong(), report.get("api_calls").asLong());
        }
    }

    private static Measured importWithWindows(Sandbox sandbox, Path file, int maxInFlight) throws Exception {
        List<long[]> windows = new ArrayList<>();
        long[] last = {sandbox.stats().totalRequests(), sandbox.stats().rateLimited()};
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long now = System.currentTimeMillis();
        long firstBoundary = (now / 10_000 + 1) * 10_000 + 20; // just after the sandbox's window flips
        ticker.scheduleAtFixedRate(() -> {
            SandboxStats s = sandbox.stats();
            synchronized (windows) {
                windows.add(new long[] {s.totalRequests() - last[0], s.rateLimited() - last[1]});
            }
            last[0] = s.totalRequests();
            last[1] = s.rateLimited();
        }, firstBoundary - now, 10_000, TimeUnit.MILLISECONDS);
        SandboxStats before = sandbox.stats();
        JsonNode report = runImport(sandbox, file, maxInFlight, false, List.of());
        ticker.shutdownNow();
        SandboxStats after = sandbox.stats();
        synchronized (windows) {
            windows.add(new long[] {after.totalRequests() - last[0], after.rateLimited() - last[1]});
            return new Measured(report, new ArrayList<>(windows), after.rateLimited() - before.rateLimited(),
                    after.totalRequests() - before.totalRequests());
        }
    }

    private static JsonNode runImport(Sandbox sandbox, Path file, int maxInFlight, boolean dryRun, List<String> jvmOptions) throws Exception {
        Path out = WORK.resolve("out");
        Path props = WORK.resolve("bench.properties");
        Files.writeString(props, String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                "intercom.max-in-flight=" + maxInFlight,
                "output.folder=" + out.toAbsolutePath(),
                "mapping.file=" + Path.of("samples/mapping.yaml").toAbsolutePath(),
                "state.url=jdbc:sqlite:" + WORK.resolve("state/ledger.db").toAbsolutePath(),
                "mapping.create-missing-attributes=true",
                // the files are generated whole just before: no quiet period to wait out in the timings
                "source.stable-ms=0") + "\n");
        List<String> command = new ArrayList<>(List.of("bin/intercom-sync", "import", "--config", props.toString(), "--file", file.toString()));
        if (dryRun) {
            command.add("--dry-run");
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("INTERCOM_ACCESS_TOKEN", "sandbox-token");
        if (!jvmOptions.isEmpty()) {
            pb.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
        }
        int code = pb.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("import exited " + code);
        }
        return JSON.readTree(out.resolve("run-report.json").toFile());
    }

    record DryRun(double seconds, double peakAfterGcMb, double peakBeforeGcMb) {
    }

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    private static DryRun dryRun(Sandbox sandbox, Path file) throws Exception {
        Path gcLog = WORK.resolve("gc.log");
        Files.deleteIfExists(gcLog);
        JsonNode report = runImport(sandbox, file, 16, true, List.of("-Xmx256m", "-Xlog:gc:file=" + gcLog.toAbsolutePath()));
        double seconds = report.get("duration_ms").asLong() / 1000.0;
        double before = 0;
        double after = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                before = Math.max(before, Double.parseDouble(m.group(1)));
                after = Math.max(after, Double.parseDouble(m.group(2)));
            }
        }
        return new DryRun(seconds, after, before);
    }

    /** The attributes samples/mapping.yaml declares, so the measured runs spend no call creating them. */
    private static void createSampleAttributes(Sandbox sandbox) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String[][] attributes = {{"plan", "string"}, {"seats", "integer"}, {"mrr", "float"}, {"beta_tester", "boolean"}, {"renewal_date", "date"}};
        for (String[] a : attributes) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/data_attributes"))
                    .header("Authorization", "Bearer sandbox-token").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"" + a[0] + "\",\"model\":\"contact\",\"data_type\":\"" + a[1] + "\"}"))
                    .build();
            http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }

    private static void deleteLedger() throws Exception {
        for (String f : List.of("ledger.db", "ledger.db-wal", "ledger.db-shm")) {
            Files.deleteIfExists(WORK.resolve("state").resolve(f));
        }
    }

    /** The file {@link #csv} writes, with the plan of every {@code every}-th row changed. */
    static Path csvWithChanges(String name, int rows, int every) throws Exception {
        Path original = csv(name, rows, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(original));
        for (int i = 1; i < lines.size(); i += every) {
            lines.set(i, lines.get(i).replace(",growth,", ",enterprise,"));
        }
        return Files.write(original, lines);
    }

    /** A CSV in the shape of samples/mapping.yaml; {@code offset} keeps keys of different files apart. */
    static Path csv(String name, int rows, int offset) throws Exception {
        return csv(WORK, name, rows, offset);
    }

    static Path csv(Path folder, String name, int rows, int offset) throws Exception {
        Path file = folder.resolve(name + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Customer ID,E-mail,Full name,Phone,Signed up,Plan,Seats,MRR,Beta,Renews on\n");
            for (int i = 0; i < rows; i++) {
                int k = i + offset;
                w.write("b-" + k + ",user" + k + "@example.com,User " + k + ",+1 555 01" + (k % 100) + ",2024-01-15,growth,"
                        + (k % 50) + "," + (k % 1000) + ".50," + (k % 2 == 0 ? "yes" : "no") + ",2027-01-15\n");
            }
        }
        return file;
    }
}
