package io.intercomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.sandbox.Sandbox;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * make bench-pacing: the import's pacing with its DEFAULT settings, judged by what the sandbox served in
 * each rate-limit window. Cells: allowance 250 and 1,666 per window x latency 50, 250 and 800 ms (each
 * plus up to a quarter of it in jitter) x reset header exact / late by up to 2 s / absent, windows at an
 * odd phase; each an all-new import of allowance x 5 rows by the packaged bin/intercom-sync. Then the
 * tap's conversation parts at 1,666 per window and 250 ms, default settings.
 *
 * <p>Goals: full windows (all but the first and the last) >= 0.95 used, 429s < 1% of calls, <= 1.01 calls
 * per row; tap parts >= 0.9 of the allowance.
 *
 * <p>Arguments: optional cell filter, e.g. {@code 1666} or {@code 250/800} or {@code tap}; default all.
 */
public final class PacingBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("bench/work/pacing");
    private static final String TOKEN = "sandbox-token";
    private static final long PHASE_MS = 3_737;

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        Files.createDirectories(WORK);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "machine: %d cores, %s, java %s; windows begin %d ms past the ten",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"), PHASE_MS));
        lines.add("allowance | latency | reset | rows | full windows used (min) | 429 share | calls/row | peak in flight | report's allowance_used | rows/s | verdict | calls accepted per window (+429s)");
        System.out.println(lines.get(1));
        for (int limit : new int[] {250, 1666}) {
            for (int latency : new int[] {50, 250, 800}) {
                for (String reset : new String[] {"exact", "late", "absent"}) {
                    String cell = limit + "/" + latency + "/" + reset;
                    if (!filter.isEmpty() && !cell.startsWith(filter) && !cell.contains("/" + filter)) {
                        continue;
                    }
                    String line = importCell(limit, latency, reset);
                    System.out.println(line);
                    lines.add(line);
                }
            }
        }
        if (filter.isEmpty() || filter.equals("tap")) {
            String line = tapParts(1666, 250);
            System.out.println(line);
            lines.add(line);
        }
        Files.write(WORK.resolve("last-results.txt"), lines);
    }

    private static String importCell(int limit, int latency, String reset) throws Exception {
        int rows = limit * 5;
        for (String f : List.of("ledger.db", "ledger.db-wal", "ledger.db-shm")) {
            Files.deleteIfExists(WORK.resolve("state").resolve(f));
        }
        try (Sandbox sandbox = Sandbox.builder().rateLimit(limit).latencyMs(latency).latencyJitterMs(latency / 4)
                .windowPhaseMs(PHASE_MS).resetHeader(reset).start()) {
            Path file = csv(rows);
            JsonNode report = runImport(sandbox, file);
            NavigableMap<Long, long[]> served = sandbox.windowsServed(TOKEN);
            long accepted = 0;
            long refused = 0;
            for (long[] c : served.values()) {
                accepted += c[0];
                refused += c[1];
            }
            double usedSum = 0;
            double usedMin = Double.MAX_VALUE;
            int full = 0;
            // Full: after the first (the run started inside it) and over before the run's last rows were sent.
            long lastSent = java.time.Instant.parse(report.get("finished_at").asText()).toEpochMilli() - latency * 5L / 4 - 100;
            for (Map.Entry<Long, long[]> e : served.tailMap(served.firstKey(), false).entrySet()) {
                if (e.getKey() + 10_000 > lastSent) {
                    break;
                }
                long[] c = e.getValue();
                double used = c[0] / (double) limit;
                usedSum += used;
                usedMin = Math.min(usedMin, used);
                full++;
            }
            long rowCalls = 0; // every call but the preflight's (reads, and the attributes it creates)
            for (Map.Entry<String, Long> e : sandbox.stats().byEndpoint().entrySet()) {
                if (!e.getKey().startsWith("GET ") && !e.getKey().equals("POST /data_attributes")) {
                    rowCalls += e.getValue();
                }
            }
            rowCalls -= refused;
            StringBuilder perWindow = new StringBuilder();
            for (long[] c : served.values()) {
                perWindow.append(perWindow.length() == 0 ? "" : " ").append(c[0]).append(c[1] > 0 ? "+" + c[1] + "x429" : "");
            }
            String verdict = full > 0 && usedSum / full >= 0.95 && refused / (double) (accepted + refused) < 0.01
                    && rowCalls / (double) rows <= 1.01 ? "ok" : "MISSED";
            return String.format(Locale.ROOT, "%d | %d ms (+0-%d) | %s | %,d | %.3f (%.3f) over %d | %.2f%% (%d) | %.3f | %s | %s | %.0f | %s | %s",
                    limit, latency, latency / 4, reset, rows, full == 0 ? Double.NaN : usedSum / full, full == 0 ? Double.NaN : usedMin,
                    full, 100.0 * refused / (accepted + refused), refused, rowCalls / (double) rows,
                    report.path("peak_in_flight").asText("-"), report.path("allowance_used").asText("-"),
                    report.get("rows").asLong() / (report.get("duration_ms").asLong() / 1000.0), verdict, perWindow);
        }
    }

    private static String tapParts(int limit, int latency) throws Exception {
        int users = limit * 5 * 2; // conversations are half the users: five windows of parts
        try (Sandbox sandbox = Sandbox.builder().seedUsers(users).rateLimit(limit).latencyMs(latency)
                .latencyJitterMs(latency / 4).windowPhaseMs(PHASE_MS).start()) {
            sandbox.resetStats();
            Path work = Files.createDirectories(WORK.resolve("tap"));
            TapBench.Result r = TapBench.run(sandbox, work, "conversation_parts", 0);
            NavigableMap<Long, long[]> served = sandbox.windowsServed(TOKEN);
            double usedSum = 0;
            int full = 0;
            for (long[] c : served.subMap(served.firstKey(), false, served.lastKey(), false).values()) {
                usedSum += c[0] / (double) limit;
                full++;
            }
            long refused = served.values().stream().mapToLong(c -> c[1]).sum();
            return String.format(Locale.ROOT, "tap conversation_parts, %d per window, %d ms (+0-%d), default parts_concurrency: %d records in %.1f s; full windows used %.3f over %d (goal >= 0.9); %d answered 429; exit %d %s",
                    limit, latency, latency / 4, r.records(), r.seconds(), full == 0 ? Double.NaN : usedSum / full, full, refused,
                    r.exitCode(), full > 0 && usedSum / full >= 0.9 ? "ok" : "MISSED");
        }
    }

    private static JsonNode runImport(Sandbox sandbox, Path file) throws Exception {
        Path out = WORK.resolve("out");
        Path props = WORK.resolve("pacing.properties");
        // Only where things are: every pacing setting stays at its default.
        Files.writeString(props, String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                "output.folder=" + out.toAbsolutePath(),
                "mapping.file=" + Path.of("samples/mapping.yaml").toAbsolutePath(),
                "state.url=jdbc:sqlite:" + WORK.resolve("state/ledger.db").toAbsolutePath(),
                "mapping.create-missing-attributes=true",
                "source.stable-ms=0") + "\n");
        ProcessBuilder pb = new ProcessBuilder("bin/intercom-sync", "import", "--config", props.toString(), "--file", file.toString())
                .redirectOutput(WORK.resolve("import.log").toFile()).redirectErrorStream(true);
        pb.environment().put("INTERCOM_ACCESS_TOKEN", TOKEN);
        int code = pb.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("import exited " + code + "; see " + WORK.resolve("import.log"));
        }
        return JSON.readTree(out.resolve("run-report.json").toFile());
    }

    private static Path csv(int rows) throws Exception {
        Path file = WORK.resolve("users_20260101T000000.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Customer ID,E-mail,Full name,Phone,Signed up,Plan,Seats,MRR,Beta,Renews on\n");
            for (int i = 0; i < rows; i++) {
                w.write("p-" + i + ",pace" + i + "@example.com,Paced " + i + ",+1 555 01" + (i % 100) + ",2024-01-15,growth,"
                        + (i % 50) + "," + (i % 1000) + ".50," + (i % 2 == 0 ? "yes" : "no") + ",2027-01-15\n");
            }
        }
        return file;
    }
}
