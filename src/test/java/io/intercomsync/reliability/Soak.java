package io.intercomsync.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.sandbox.SandboxStats;
import io.intercomsync.testing.MeddlingProxy;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * make soak: the packaged bin/intercom-sync against an in-process sandbox that injects every fault kind
 * (fault rate 0.2), answers with jittered latency and a small rate limit with recurring 429 storms on
 * top; the first run is killed with SIGKILL in the middle of the file and run again; a third run must
 * write nothing. Then, faults still on: a fourth run on a file an exporter is still writing in place, in
 * pieces (it must wait and import it whole), and a fifth through a gateway that quotes the request's
 * token back in every error body (it must appear nowhere). Every invariant is checked at the end; exits
 * 1 naming what broke.
 *
 * <p>Arguments: rows (default 20000), fault rate (default 0.2). Work folder: bench/work/soak.
 */
public final class Soak {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "soak-token-4d1f";
    private static final Path WORK = Path.of("bench/work/soak");
    private static final int EXISTING = 500;      // contacts already in Intercom: these rows are updates
    private static final int BAD_EVERY = 101;     // every 101st row has a bad integer: it must fail, alone
    private static final int RATE_LIMIT = 4000;   // per 10-second window
    private static final int LATENCY_MS = 5;
    private static final int JITTER_MS = 60;
    private static final int STORM_EVERY_S = 30;  // a storm costs up to one 10-second window of waiting
    private static final int IN_FLIGHT = 32;

    private final List<String> broken = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double faultRate = args.length > 1 ? Double.parseDouble(args[1]) : 0.2;
        int code = new Soak().run(rows, faultRate);
        System.exit(code);
    }

    private void check(boolean ok, String what) {
        System.out.println((ok ? "  ok    " : "  FAIL  ") + what);
        if (!ok) {
            broken.add(what);
        }
    }

    private int run(int rows, double faultRate) throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        long t0 = System.nanoTime();
        try (Sandbox sandbox = Sandbox.builder().token(TOKEN).faultRate(0).rateLimit(RATE_LIMIT)
                .latencyMs(LATENCY_MS).latencyJitterMs(JITTER_MS).randomSeed(2026).start()) {
            api(sandbox, "/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\"}");
            for (int i = 0; i < EXISTING; i++) {
                api(sandbox, "/contacts", "{\"external_id\":\"k-" + i + "\",\"email\":\"old" + i + "@example.com\"}");
            }
            sandbox.resetStats();
            sandbox.setFaultRate(faultRate);

            Set<Long> bad = new TreeSet<>();
            Map<String, Integer> seats = new HashMap<>();
            Path csv = WORK.resolve("users_20260101T000000.csv");
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("Customer ID,E-mail,Full name,Seats\n");
                for (int i = 0; i < rows; i++) {
                    long row = i + 1;
                    boolean isBad = row % BAD_EVERY == 0;
                    w.write("k-" + i + ",k" + i + "@example.com,Soak " + i + "," + (isBad ? "lots" : Integer.toString(i)) + "\n");
                    if (isBad) {
                        bad.add(row);
                    } else {
                        seats.put("k-" + i, i);
                    }
                }
            }
            Path mapping = Files.writeString(WORK.resolve("mapping.yaml"), """
                    contact:
                      standard:
                        external_id: Customer ID
                        email: E-mail
                        name: Full name
                      custom:
                        seats: { column: Seats, type: integer }
                    """);
            Path config = Files.writeString(WORK.resolve("soak.properties"), String.join("\n",
                    "intercom.base-url=" + sandbox.baseUrl(),
                    "intercom.access-token=" + TOKEN,
                    "intercom.retry-delay-ms=10",
                    "intercom.max-retry-delay-ms=200",
                    "intercom.request-timeout-ms=2000",
                    "intercom.max-in-flight=" + IN_FLIGHT,
                    "mapping.file=" + mapping.toAbsolutePath(),
                    "output.folder=" + WORK.resolve("out").toAbsolutePath(),
                    "state.url=jdbc:sqlite:" + WORK.resolve("state/ledger.db").toAbsolutePath(),
                    "state.flush-rows=100",
                    "state.flush-interval-ms=200",
                    ""));

            System.out.printf(Locale.ROOT, "soak: %,d rows (%d with a bad value, %d of existing contacts); sandbox fault rate %.2f (all kinds), "
                            + "latency %d-%d ms, rate limit %d per 10 s with a 429 storm (limit 5 for 1.5 s) every %d s; max-in-flight %d; SIGKILL at ~40%%%n",
                    rows, bad.size(), EXISTING, faultRate, LATENCY_MS, LATENCY_MS + JITTER_MS, RATE_LIMIT, STORM_EVERY_S, IN_FLIGHT);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong storms = new AtomicLong();
            Thread stormer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Thread.sleep(STORM_EVERY_S * 1000L);
                        if (stop.get()) {
                            break;
                        }
                        storms.incrementAndGet();
                        sandbox.setRateLimit(5);
                        Thread.sleep(1500);
                        sandbox.setRateLimit(RATE_LIMIT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "storms");
            stormer.setDaemon(true);
            stormer.start();

            // Run 1, killed.
            long killAt = EXISTING + (long) ((rows - EXISTING) * 0.4);
            Process first = start(config, csv, "run1.log");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (sandbox.contacts().size() < killAt && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200); // contacts() copies the workspace: asking often slows the sandbox down
            }
            boolean killedAlive = first.isAlive();
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
            int beforeKill = sandbox.contacts().size();
            System.out.printf(Locale.ROOT, "run 1: killed with SIGKILL after %.1f s, %,d contacts in the sandbox%n",
                    seconds(t0), beforeKill);
            check(killedAlive, "run 1 was still running when killed");
            check(!Files.exists(WORK.resolve("out/run-report.json")), "run 1 wrote no report (it was killed)");

            // Run 2, to the end.
            long t2 = System.nanoTime();
            Process second = start(config, csv, "run2.log");
            boolean finished = second.waitFor(10, TimeUnit.MINUTES);
            stop.set(true);
            stormer.interrupt();
            sandbox.setRateLimit(RATE_LIMIT);
            check(finished, "run 2 finished");
            if (!finished) {
                second.destroyForcibly();
                return report();
            }
            System.out.printf(Locale.ROOT, "run 2: exit %d after %.1f s%n", second.exitValue(), seconds(t2));
            check(second.exitValue() == 3, "run 2 exits 3 (finished, some rows failed): " + second.exitValue());
            JsonNode r2 = JSON.readTree(WORK.resolve("out/run-report.json").toFile());
            System.out.println("run 2 report: " + r2);
            SandboxStats afterTwo = sandbox.stats();

            long created = r2.get("created").asLong();
            long updated = r2.get("updated").asLong();
            long unchanged = r2.get("unchanged").asLong();
            long failed = r2.get("failed").asLong();
            check(r2.get("rows").asLong() == rows, "report rows = " + rows + ": " + r2.get("rows"));
            check(created + updated + unchanged + failed == rows, "created + updated + unchanged + failed = rows");
            check(failed == bad.size(), "failed = rows with a bad value (" + bad.size() + "): " + failed);
            List<Long> errorRows = errorRowNumbers();
            check(errorRows.size() == bad.size() && new TreeSet<>(errorRows).equals(bad),
                    "user_errors.csv holds exactly the bad rows, each once (" + errorRows.size() + " lines)");
            check(unchanged > 0 && unchanged <= beforeKill, "rows known before the kill are unchanged now: " + unchanged);

            List<ObjectNode> contacts = sandbox.contacts();
            Map<String, Integer> perId = new HashMap<>();
            for (ObjectNode c : contacts) {
                perId.merge(c.path("external_id").asText(""), 1, Integer::sum);
            }
            long duplicates = perId.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            Set<String> expectedIds = new HashSet<>(seats.keySet());
            for (int i = 0; i < EXISTING; i++) {
                expectedIds.add("k-" + i);
            }
            check(duplicates == 0, "no contact exists twice (duplicates = " + duplicates + ")");
            check(perId.keySet().equals(expectedIds), "the contacts are exactly the good rows' plus the existing ones ("
                    + expectedIds.size() + "): " + perId.size());
            long wrong = contacts.stream().filter(c -> {
                Integer want = seats.get(c.path("external_id").asText());
                return want != null && c.path("custom_attributes").path("seats").asInt(-1) != want;
            }).count();
            check(wrong == 0, "every good row's values are in its contact (mismatches: " + wrong + ")");
            long newRows = seats.keySet().stream().filter(id -> Integer.parseInt(id.substring(2)) >= EXISTING).count();

            // Run 3: the same file again: nothing to write.
            sandbox.resetStats();
            Process third = start(config, csv, "run3.log");
            check(third.waitFor(5, TimeUnit.MINUTES), "run 3 finished");
            JsonNode r3 = JSON.readTree(WORK.resolve("out/run-report.json").toFile());
            System.out.println("run 3 report: " + r3);
            check(r3.get("unchanged").asLong() == rows - bad.size() && r3.get("failed").asLong() == bad.size(),
                    "run 3: every good row unchanged, the bad rows failed again");
            long run3Writes = sandbox.stats().writes();
            check(run3Writes == 0, "run 3 wrote nothing to Intercom: " + run3Writes + " writes");
            check(sandbox.contacts().size() == expectedIds.size(), "run 3 left the contacts as they were");

            String growing = growingFilePhase(sandbox, config, Math.max(1_000, rows / 4));
            String echoed = tokenEchoPhase(sandbox, mapping, Math.max(200, rows / 20));

            Map<String, Long> faults = new TreeMap<>(afterTwo.faults());
            long faultTotal = faults.values().stream().mapToLong(Long::longValue).sum();
            System.out.println();
            System.out.println("== soak summary");
            System.out.printf(Locale.ROOT, "rows                 %,d (%,d good, %,d bad)%n", rows, rows - bad.size(), bad.size());
            System.out.printf(Locale.ROOT, "API requests         %,d (runs 1 and 2)%n", afterTwo.totalRequests());
            System.out.printf(Locale.ROOT, "faults injected      %,d: %s%n", faultTotal, faults);
            System.out.printf(Locale.ROOT, "429 answers          %,d (runs 1 and 2; %d storms)%n", afterTwo.rateLimited(), storms.get());
            System.out.printf(Locale.ROOT, "run 2 report         created %,d, updated %,d, unchanged %,d, failed %,d; retries %,d, rate-limited %,d, api calls %,d%n",
                    created, updated, unchanged, failed, r2.get("retries").asLong(), r2.get("rate_limited").asLong(), r2.get("api_calls").asLong());
            System.out.printf(Locale.ROOT, "contacts             %,d (%,d existed before, %,d new rows); duplicates = %d%n",
                    contacts.size(), EXISTING, newRows, duplicates);
            System.out.printf(Locale.ROOT, "run 3                unchanged %,d, failed %,d, writes %d%n",
                    r3.get("unchanged").asLong(), r3.get("failed").asLong(), run3Writes);
            System.out.printf(Locale.ROOT, "run 4 (growing file) %s%n", growing);
            System.out.printf(Locale.ROOT, "run 5 (token echoed) %s%n", echoed);
            System.out.printf(Locale.ROOT, "wall time            %.1f s%n", seconds(t0));
        }
        return report();
    }

    /**
     * Run 4: the import is started on a file its exporter is still writing in place, {@code n} rows in 20
     * pieces (a piece may end inside a row), with the default source.stable-ms. It must wait for the file
     * and import every row whole.
     */
    private String growingFilePhase(Sandbox sandbox, Path config, int n) throws Exception {
        Path csv = WORK.resolve("users_20260102T000000.csv");
        long t = System.nanoTime();
        Process run;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("Customer ID,E-mail,Full name,Seats\n");
            w.flush();
            run = start(config, csv, "run4-growing.log");
            for (int piece = 0; piece < 20; piece++) {
                for (int i = piece * n / 20; i < (piece + 1) * n / 20; i++) {
                    w.write("gr-" + i + ",gr" + i + "@example.com,");
                    w.flush();
                    w.write("Grown " + i + "," + i + "\n");
                }
                w.flush();
                Thread.sleep(150); // the exporter's pace, well inside source.stable-ms
            }
        }
        if (!finished(run, "run 4 (a file still being written)")) {
            return "did not finish";
        }
        check(run.exitValue() == 0, "run 4 exits 0: " + run.exitValue());
        JsonNode r = JSON.readTree(WORK.resolve("out/run-report.json").toFile());
        System.out.println("run 4 report: " + r);
        check(r.get("rows").asLong() == n, "run 4: report rows = the whole file's " + n + ": " + r.get("rows"));
        check(r.get("created").asLong() + r.get("updated").asLong() == n && r.get("failed").asLong() == 0,
                "run 4: every row written, none failed");
        check(Files.readString(WORK.resolve("run4-growing.log")).contains("to be complete"), "run 4 said it waited for the file");
        Map<String, ObjectNode> byId = new HashMap<>();
        sandbox.contacts().forEach(c -> byId.put(c.path("external_id").asText(), c));
        long wrong = 0;
        for (int i = 0; i < n; i++) {
            ObjectNode c = byId.get("gr-" + i);
            if (c == null || !c.path("name").asText().equals("Grown " + i) || c.path("custom_attributes").path("seats").asInt(-1) != i) {
                wrong++;
            }
        }
        check(wrong == 0, "run 4: every row of the grown file is in its contact, none cut short (wrong or missing: " + wrong + ")");
        return String.format(Locale.ROOT, "%,d rows written in 20 pieces while it ran: %,d in the report, %d wrong or missing, %.1f s",
                n, r.get("rows").asLong(), wrong, seconds(t));
    }

    /**
     * Run 5: through a gateway that quotes the request's Authorization header back in every 5xx body
     * (the sandbox's faults) and refuses every tenth row with a 422 that quotes it too. The
     * token must appear in nothing the run printed or wrote; the refused rows are in the errors CSV.
     */
    private String tokenEchoPhase(Sandbox sandbox, Path mapping, int n) throws Exception {
        Path out = WORK.resolve("out-echo");
        Path csv = WORK.resolve("echo/users_20260103T000000.csv");
        Files.createDirectories(csv.getParent());
        Set<Long> refused = new TreeSet<>();
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("Customer ID,E-mail,Full name,Seats\n");
            for (int i = 0; i < n; i++) {
                boolean refuse = i % 10 == 9;
                if (refuse) {
                    refused.add(i + 1L);
                }
                w.write((refuse ? "te-refused-" : "te-") + i + ",te" + i + "@example.com,Echo " + i + "," + i + "\n");
            }
        }
        try (MeddlingProxy gateway = new MeddlingProxy(sandbox.baseUrl())) {
            gateway.hook(e -> {
                boolean refuse = e.requestBody().contains("\"te-refused-");
                if (!refuse && e.status() < 500) {
                    return e; // a 409's body names the existing contact: a gateway leaves Intercom's 4xx alone
                }
                String auth = e.requestHeader("Authorization");
                return e.answer(refuse ? 422 : e.status(), "{\"type\":\"error.list\",\"errors\":[{\"code\":\"parameter_invalid\","
                        + "\"message\":\"refused " + e.method() + " " + e.pathAndQuery() + " sent with Authorization: " + auth + "\"}]}");
            });
            Path config = Files.writeString(WORK.resolve("echo.properties"), String.join("\n",
                    "intercom.base-url=" + gateway.baseUrl(),
                    "intercom.access-token=" + TOKEN,
                    "intercom.retry-delay-ms=10",
                    "intercom.max-retry-delay-ms=200",
                    "intercom.request-timeout-ms=2000",
                    "mapping.file=" + mapping.toAbsolutePath(),
                    "output.folder=" + out.toAbsolutePath(),
                    "state.url=jdbc:sqlite:" + WORK.resolve("state/echo.db").toAbsolutePath(),
                    ""));
            Process run = start(config, csv, "run5-echo.log");
            if (!finished(run, "run 5 (the token quoted back)")) {
                return "did not finish";
            }
            check(run.exitValue() == 3, "run 5 exits 3 (the refused rows failed): " + run.exitValue());
        }
        JsonNode r = JSON.readTree(out.resolve("run-report.json").toFile());
        System.out.println("run 5 report: " + r);
        check(r.get("rows").asLong() == n && r.get("failed").asLong() == refused.size(),
                "run 5: " + n + " rows, the " + refused.size() + " refused ones failed: " + r.get("failed"));
        List<CSVRecord> errors;
        try (Reader reader = Files.newBufferedReader(out.resolve("user_errors.csv"))) {
            List<CSVRecord> all = CSVFormat.DEFAULT.parse(reader).getRecords();
            errors = all.subList(1, all.size());
        }
        check(errors.stream().map(e -> Long.parseLong(e.get(0))).collect(java.util.stream.Collectors.toCollection(TreeSet::new)).equals(refused)
                && errors.stream().allMatch(e -> e.get(1).contains("Authorization: Bearer ****")),
                "run 5: the errors CSV holds exactly the refused rows, each quoting the credentials masked");
        long files = 0;
        List<String> leaks = new ArrayList<>();
        try (var walk = Files.walk(WORK)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().endsWith(".properties")) {
                    continue; // the soak's own configuration holds the token by design
                }
                files++;
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(TOKEN)) {
                    leaks.add(f.toString());
                }
            }
        }
        check(leaks.isEmpty(), "run 5: the token is in none of the " + files + " files the soak's runs wrote (logs, reports, errors CSVs, ledgers): " + leaks);
        return String.format(Locale.ROOT, "%,d rows, %d refused with the token quoted back; token found in %d of %d files written",
                n, refused.size(), leaks.size(), files);
    }

    /** Waits for a run (10 minutes at most; then it is killed), checking that it finished. */
    private boolean finished(Process run, String name) throws InterruptedException {
        boolean finished = run.waitFor(10, TimeUnit.MINUTES);
        check(finished, name + " finished");
        if (!finished) {
            run.destroyForcibly();
        }
        return finished;
    }

    private int report() {
        if (broken.isEmpty()) {
            System.out.println("SOAK PASSED: every invariant held");
            return 0;
        }
        System.out.println("SOAK FAILED: " + broken);
        return 1;
    }

    private static Process start(Path config, Path csv, String log) throws Exception {
        return new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(), "import",
                "--config", config.toAbsolutePath().toString(), "--file", csv.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve(log).toFile()).start();
    }

    private static List<Long> errorRowNumbers() throws Exception {
        try (Reader r = Files.newBufferedReader(WORK.resolve("out/user_errors.csv"))) {
            List<CSVRecord> all = CSVFormat.DEFAULT.parse(r).getRecords();
            return all.subList(1, all.size()).stream().map(c -> Long.parseLong(c.get(0))).toList();
        }
    }

    private static void api(Sandbox sandbox, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Intercom-Version", "2.16")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
