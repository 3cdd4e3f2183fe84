package io.intercomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.cli.IntercomSyncCli;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.Mapping;
import io.intercomsync.mapping.MappingLoader;
import io.intercomsync.mapping.RowMapper;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-row path against the local limit (issue 17): in one run, over one generated file in the shape
 * of samples/mapping.yaml (10 columns, 5 typed custom attributes),
 * <ol>
 *   <li>the baseline: a plain commons-csv parse, our RowMapper and Jackson's JSON of each contact, one thread;</li>
 *   <li>{@code import --dry-run} with an empty ledger (every row would be created);</li>
 *   <li>an unchanged re-run: the same file again after a real import, every row in the ledger, no call to make.</li>
 * </ol>
 * Rows/s of the runs are taken from the run report's own duration (the run, without Camel's start-up), as
 * the baseline has none; each figure is the median of {@value #ROUNDS} runs. {@code java ... PerRowBench [rows] [work folder]}.
 */
public final class PerRowBench {
    private static final String TOKEN = "sandbox-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path work = Path.of(args.length > 1 ? args[1] : "bench/work/per-row");
        Files.createDirectories(work);
        Path file = ImportBench.csv(work, "users_20260101T000000", rows, 0);
        Mapping mapping = MappingLoader.load(Path.of("samples/mapping.yaml"));
        System.out.printf(Locale.ROOT, "PerRowBench: %,d rows, %d cores, max heap %d MB%n",
                rows, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        plainParse(file, mapping); // once to warm the JIT, as the imports below are warm by their second run
        double[] baselines = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            baselines[i] = plainParse(file, mapping);
        }
        double baseline = median(baselines);
        System.out.printf(Locale.ROOT, "baseline: parse + map + JSON, one thread   %,10.0f rows/s   (%s)%n", baseline, list(baselines));

        try (Sandbox sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).latencyMs(0).start()) {
            Path config = Files.writeString(work.resolve("bench.properties"), String.join("\n",
                    "intercom.base-url=" + sandbox.baseUrl(),
                    "intercom.access-token=" + TOKEN,
                    "intercom.max-in-flight=16",
                    "output.folder=" + work.resolve("out"),
                    "mapping.file=" + Path.of("samples/mapping.yaml").toAbsolutePath(),
                    "mapping.create-missing-attributes=true",
                    "state.url=jdbc:sqlite:" + work.resolve("state/bench.db"),
                    "source.stable-ms=0", // generated whole just before: no quiet period in the timings
                    ""));
            for (String f : List.of("bench.db", "bench.db-wal", "bench.db-shm")) {
                Files.deleteIfExists(work.resolve("state").resolve(f));
            }
            run(config, file, "--dry-run"); // warm-up, and the attributes exist afterwards
            double[] dry = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                dry[i] = run(config, file, "--dry-run");
            }
            report("dry run, empty ledger", dry, baseline);
            run(config, file); // the real import: every row into the ledger
            run(config, file); // warm-up of the unchanged path
            double[] unchanged = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                unchanged[i] = run(config, file);
            }
            report("unchanged re-run, every row in the ledger", unchanged, baseline);
        }
    }

    /**
     * Each figure is the median of this many runs, each on its own: one run of 100,000 rows lasts under a second,
     * and on a shared 2-core machine one of them alone moved by half between runs (a collection, a compile).
     */
    private static final int ROUNDS = 5;

    private static void report(String label, double[] rowsPerSecond, double baseline) {
        double median = median(rowsPerSecond);
        System.out.printf(Locale.ROOT, "%-42s %,10.0f rows/s   %.2f of the baseline (goal >= 0.5)   (%s)%n", label, median,
                median / baseline, list(rowsPerSecond));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String list(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", v));
        }
        return b.toString();
    }

    private static double plainParse(Path file, Mapping mapping) throws Exception {
        long t0 = System.nanoTime();
        long bytes = 0;
        int n = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            RowMapper mapper = new RowMapper(mapping, parser.getHeaderNames());
            for (CSVRecord record : parser) {
                List<String> values = new ArrayList<>(record.size());
                record.forEach(values::add);
                MappedRow mapped = mapper.map(values);
                bytes += JSON.writeValueAsBytes(mapped.contact()).length;
                n++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (bytes == 0) {
            throw new IllegalStateException("nothing was mapped");
        }
        return n / seconds;
    }

    /** Rows/s of one import run, from its report's duration; fails unless every row ended as expected. */
    private static double run(Path config, Path file, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("import", "--config", config.toString(), "--file", file.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        int code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        JsonNode report = JSON.readTree(config.getParent().resolve("out/run-report.json").toFile());
        if (code != 0 || report.get("failed").asLong() != 0) {
            throw new IllegalStateException("import exited " + code + ": " + out);
        }
        return report.get("rows").asLong() / (report.get("duration_ms").asLong() / 1000.0);
    }
}
