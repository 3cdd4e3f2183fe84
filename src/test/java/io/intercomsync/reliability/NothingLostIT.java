package io.intercomsync.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.testing.RecordingHttpServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's cases as a hostile newcomer met them, on the packaged bin/intercom-sync (its own JVM):
 * a file still being written, a broken quote, an errors CSV fed back in, a contact that moves company,
 * a reader that runs out of memory, Intercom unreachable, a setting that is not a number. Each test
 * asserts what the sandbox holds and what the command printed and wrote. (The echoed token is SecretsIT's.)
 */
class NothingLostIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-nothing-lost-8e21";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Path config(String... lines) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("intercom.base-url", sandbox.baseUrl());
        p.put("source.local.folder", dir.resolve("inbox").toString());
        p.put("output.folder", dir.resolve("out").toString());
        p.put("state.url", "jdbc:sqlite:" + dir.resolve("state/ledger.db"));
        p.put("intercom.retry-delay-ms", "10");
        p.put("intercom.max-retry-delay-ms", "200");
        p.put("source.stable-ms", "200");
        for (String line : lines) {
            int eq = line.indexOf('=');
            p.put(line.substring(0, eq), line.substring(eq + 1));
        }
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve("run.properties"), text.toString());
    }

    private Process start(Path config, String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/intercom-sync").toAbsolutePath().toString(),
                "import", "--config", config.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().remove("INTERCOM_BASE_URL");
        pb.environment().put("INTERCOM_ACCESS_TOKEN", TOKEN);
        if (javaOpts != null) {
            pb.environment().put("JAVA_OPTS", javaOpts);
        }
        return pb.start();
    }

    private Run finish(Process p) throws Exception {
        boolean ended = p.waitFor(150, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("stdout.txt"));
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(ended).as("the command ended by itself\n" + out + err).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    private Run run(Path config, String... args) throws Exception {
        return finish(start(config, null, args));
    }

    private JsonNode report() throws Exception {
        return JSON.readTree(dir.resolve("out/run-report.json").toFile());
    }

    private List<CSVRecord> errorRows() throws Exception {
        try (Reader r = Files.newBufferedReader(dir.resolve("out/user_errors.csv"))) {
            List<CSVRecord> all = CSVFormat.DEFAULT.parse(r).getRecords();
            return all.subList(1, all.size());
        }
    }

    private static void assertAddsUp(JsonNode report) {
        assertThat(report.get("rows").asLong()).as(report.toString()).isEqualTo(report.get("created").asLong()
                + report.get("updated").asLong() + report.get("unchanged").asLong() + report.get("failed").asLong());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private String stderrSoFar() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (Exception e) {
            return "";
        }
    }

    // 1 ------------------------------------------------------------------------------------------------

    /**
     * An exporter writes rows in place, in pieces of 100, while a one-shot import is started on the file: it
     * goes on writing until the import says it waits (however long the JVM takes to start), then 10 more pieces.
     */
    @Test
    void aOneShotRunOnAFileStillBeingWrittenWaitsAndImportsItWhole() throws Exception {
        Path file = dir.resolve("inbox/users_20260101T000000.csv");
        Path config = config("source.stable-ms=2000");
        Process p;
        int pieces = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("external_id,email,name\n");
            out.flush();
            p = start(config, null);
            int more = -1; // pieces still to write once the import said it waits
            for (int piece = 0; more != 0 && piece < 1_000; piece++, pieces++) {
                if (more < 0 && stderrSoFar().contains("Waiting for " + file + " to be complete: it changed")) {
                    more = 10;
                }
                if (more > 0) {
                    more--;
                }
                for (int i = piece * 100; i < piece * 100 + 100; i++) {
                    out.write("w-" + i + ",w" + i + "@example.com,");
                    out.flush(); // a piece may end inside a row
                    out.write("Written in place " + i + "\n");
                }
                out.flush();
                Thread.sleep(200); // the exporter's pace: well inside source.stable-ms
            }
        }
        Run r = finish(p);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Waiting for " + file + " to be complete: it changed");
        JsonNode report = report();
        assertAddsUp(report);
        int rows = pieces * 100;
        assertThat(rows).isGreaterThanOrEqualTo(1_000);
        assertThat(report.get("rows").asLong()).isEqualTo(rows);
        assertThat(report.get("created").asLong()).isEqualTo(rows);
        Map<String, String> names = new java.util.HashMap<>();
        for (ObjectNode c : sandbox.contacts()) {
            names.put(c.path("external_id").asText(), c.path("name").asText());
        }
        assertThat(names).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(names.get("w-" + i)).isEqualTo("Written in place " + i);
        }
    }

    /** With source.done-marker the run waits for the exporter's marker, however old the file looks. */
    @Test
    void aOneShotRunWithADoneMarkerWaitsForTheMarker() throws Exception {
        Path file = Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), "external_id,email\nm-1,m1@example.com\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Process p = start(config("source.done-marker=${file:name.noext}.done"), null);

        await("the run to say what it waits for", () -> stderrSoFar().contains("done marker"));
        assertThat(sandbox.contacts()).as("nothing imported before the marker").isEmpty();
        Files.writeString(dir.resolve("inbox/users_20260101T000000.done"), "");
        Run r = finish(p);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("its done marker (source.done-marker=${file:name.noext}.done) is not there yet");
        assertThat(sandbox.contactByExternalId("m-1")).isPresent();
    }

    // 2 ------------------------------------------------------------------------------------------------

    @Test
    void aBrokenQuoteOnRowTenOfTwentyFailsThatRowAloneAndTheTenAfterItImport() throws Exception {
        StringBuilder csv = new StringBuilder("external_id,email,name\n");
        for (int i = 1; i <= 20; i++) {
            csv.append("q-").append(i).append(",q").append(i).append("@example.com,")
                    .append(i == 10 ? "\"Broken, never closed" : "Row " + i).append('\n');
        }
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), csv);

        Run r = run(config());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        JsonNode report = report();
        assertAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(20);
        assertThat(report.get("created").asLong()).isEqualTo(19);
        assertThat(report.get("failed").asLong()).isEqualTo(1);
        List<CSVRecord> errors = errorRows();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get(0)).isEqualTo("10");
        assertThat(errors.get(0).get(1)).startsWith("line 11: the quote that opens column 'name' is not closed on its row");
        assertThat(errors.get(0).toList().subList(3, 6)).containsExactly("q-10", "q10@example.com", "Broken, never closed");
        for (int i = 11; i <= 20; i++) {
            assertThat(sandbox.contactByExternalId("q-" + i).orElseThrow().path("name").asText()).isEqualTo("Row " + i);
        }
        assertThat(sandbox.contactByExternalId("q-10")).isEmpty();
    }

    // 3 ------------------------------------------------------------------------------------------------

    @Test
    void aFixedErrorsCsvFedBackInGivesIntercomTheOriginalValuesByteForByte() throws Exception {
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), "external_id,email,name,phone\n"
                + "x-1,broken-1,=1+2 Corp,+353871234567\n"
                + "x-2,broken-2,'t Hooft,+15550101\n"
                + "x-3,x3@example.com,Fine,+15550100\n");
        Run first = run(config());
        assertThat(first.exitCode()).as(first.all()).isEqualTo(3);
        String errors = Files.readString(dir.resolve("out/user_errors.csv"));
        assertThat(errors).contains("'=1+2 Corp").contains("'+353871234567").contains("''t Hooft");

        // What a user does: fix the bad cells in the errors file, and import it.
        Path fixed = Files.writeString(dir.resolve("fixed_errors.csv"),
                errors.replace("broken-1", "x1@example.com").replace("broken-2", "x2@example.com"));
        Run again = run(config(), "--file", fixed.toString());

        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(report().get("rows").asLong()).isEqualTo(2);
        assertThat(report().get("created").asLong()).isEqualTo(2);
        ObjectNode x1 = sandbox.contactByExternalId("x-1").orElseThrow();
        assertThat(x1.path("name").asText()).isEqualTo("=1+2 Corp");
        assertThat(x1.path("phone").asText()).isEqualTo("+353871234567");
        assertThat(x1.path("email").asText()).isEqualTo("x1@example.com");
        ObjectNode x2 = sandbox.contactByExternalId("x-2").orElseThrow();
        assertThat(x2.path("name").asText()).isEqualTo("'t Hooft");
        assertThat(x2.path("phone").asText()).isEqualTo("+15550101");
    }

    // 5 ------------------------------------------------------------------------------------------------

    @Test
    void aContactThatMovesCompanyIsOnlyInItsNewCompany() throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), """
                contact:
                  standard:
                    external_id: Customer ID
                    email: E-mail
                company:
                  standard:
                    company_id: Org ID
                    name: Org name
                """);
        Path config = config("mapping.file=" + mapping);
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"),
                "Customer ID,E-mail,Org ID,Org name\nc-1,c1@example.com,old-org,Old Org\nc-2,c2@example.com,old-org,Old Org\n");
        assertThat(run(config).exitCode()).isZero();
        Files.writeString(dir.resolve("inbox/users_20260102T000000.csv"),
                "Customer ID,E-mail,Org ID,Org name\nc-1,c1@example.com,new-org,New Org\nc-2,c2@example.com,old-org,Old Org\n");

        Run moved = run(config);

        assertThat(moved.exitCode()).as(moved.all()).isZero();
        String contact = sandbox.contactByExternalId("c-1").orElseThrow().path("id").asText();
        String newOrg = companyId("new-org");
        assertThat(sandbox.companyIdsOfContact(contact)).containsExactly(newOrg);
        assertThat(sandbox.companyIdsOfContact(sandbox.contactByExternalId("c-2").orElseThrow().path("id").asText()))
                .containsExactly(companyId("old-org"));
        assertThat(report().get("updated").asLong()).isEqualTo(1);
        assertThat(report().get("unchanged").asLong()).isEqualTo(1);
    }

    private String companyId(String companyId) {
        return sandbox.companies().stream().filter(c -> c.path("company_id").asText().equals(companyId))
                .findFirst().orElseThrow().path("id").asText();
    }

    // 6 ------------------------------------------------------------------------------------------------

    /** A 120 MB field at -Xmx256m: the row fails alone; with the limit raised past the heap, the run fails in one sentence. */
    @Test
    void aHugeFieldFailsItsRowAndAReaderOutOfMemoryFailsTheRunInsteadOfHanging() throws Exception {
        Path file = dir.resolve("inbox/users_20260101T000000.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("external_id,email,name\n");
            for (int i = 1; i <= 5; i++) {
                out.write("h-" + i + ",h" + i + "@example.com,Before " + i + "\n");
            }
            out.write("h-huge,huge@example.com,");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int mb = 0; mb < 120; mb++) {
                out.write(chunk);
            }
            out.write("\n");
            for (int i = 7; i <= 11; i++) {
                out.write("h-" + i + ",h" + i + "@example.com,After " + i + "\n");
            }
        }

        Run bounded = finish(start(config(), "-Xmx256m"));
        assertThat(bounded.exitCode()).as(bounded.all()).isEqualTo(3);
        assertAddsUp(report());
        assertThat(report().get("rows").asLong()).isEqualTo(11);
        assertThat(errorRows()).singleElement().satisfies(row -> assertThat(row.get(1))
                .isEqualTo("line 7: the row is longer than csv.max-row-chars (1048576 characters); it was not read"));
        assertThat(sandbox.contacts()).hasSize(10);

        Run dead = finish(start(config("csv.max-row-chars=500000000", "state.url=jdbc:sqlite:" + dir.resolve("state/second.db")),
                "-Xmx256m"));
        assertThat(dead.exitCode()).as(dead.all()).isEqualTo(1);
        assertThat(dead.stderr()).contains("intercom-sync: the row at line 7 does not fit in memory")
                .contains("csv.max-row-chars").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(report().get("status").asText()).isEqualTo("failed");
    }

    // 7 ------------------------------------------------------------------------------------------------

    @Test
    void anUnreachableIntercomIsRetriedSayingWhyAndGivenUpAfterThePreflightTimeout() throws Exception {
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), "external_id,email\nu-1,u1@example.com\n");
        Run r = run(config("intercom.base-url=" + RecordingHttpServer.refusingUrl(), "intercom.retry-delay-ms=200",
                "intercom.max-retry-delay-ms=1000", "intercom.preflight-timeout-ms=3000"));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("Intercom is not answering as it should: GET /me got no answer from 127.0.0.1: connection refused;"
                + " trying again in 0.2 s (attempt 2 of at most 50; giving up in ");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("intercom-sync: ")).toList()).singleElement().asString()
                .startsWith("intercom-sync: GET /me got no answer from 127.0.0.1: connection refused; gave up after ")
                .endsWith(" (intercom.preflight-timeout-ms=3000)");
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception");
        try (var logs = Files.list(dir.resolve("out/logs"))) {
            Path debug = logs.filter(f -> f.toString().endsWith(".debug.log")).findFirst().orElseThrow();
            assertThat(Files.readString(debug)).contains("Intercom is not answering as it should");
        }
        assertThat(sandbox.stats().totalRequests()).isZero();
    }

    // 8 ------------------------------------------------------------------------------------------------

    @Test
    void aSettingThatIsNotANumberStopsTheCommandAtStartupNamingItsKey() throws Exception {
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), "external_id,email\nu-1,u1@example.com\n");
        Run r = run(config("intercom.retry-delay-ms=fast"));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("intercom-sync: intercom.retry-delay-ms=fast is not a whole number");
        assertThat(r.stdout()).isEmpty();
        assertThat(sandbox.stats().totalRequests()).as("nothing was tried").isZero();
    }
}
