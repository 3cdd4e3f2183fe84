package io.intercomsync.cli;

import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/intercom-sync as a user runs it (a separate JVM, the packaged jar, the real log configuration):
 * exit codes, one-sentence errors, and the access token nowhere in anything it prints or writes.
 */
class ImportCommandIT {
    private static final String TOKEN = "itok-SECRET-4b1d9e";
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).faultRate(0.1).randomSeed(3).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/intercom-sync").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("INTERCOM_ACCESS_TOKEN");
        pb.environment().remove("INTERCOM_BASE_URL");
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("stdout.txt").toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt")), Files.readString(dir.resolve("stderr.txt")));
    }

    private Path config(String extra) throws Exception {
        return Files.writeString(dir.resolve("it.properties"), String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                "source.local.folder=" + dir.resolve("inbox"),
                "output.folder=" + dir.resolve("out"),
                "intercom.retry-delay-ms=10",
                extra) + "\n");
    }

    private void inbox(String name, String content) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(dir.resolve("inbox").resolve(name), content);
    }

    private String everythingWritten() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    void importsWithTheTokenFromTheEnvironmentAndNeverPrintsOrWritesIt() throws Exception {
        inbox("users_20260101T000000.csv", "external_id,email,name\nit-1,it1@example.com,One\nit-2,bad-email,Two\nit-3,it3@example.com," + TOKEN + "-lookalike-is-data\n");
        Run r = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN, "JAVA_OPTS", "-Dintercom-sync.log-level=DEBUG"),
                "import", "--config", config("").toString(), "--report", dir.resolve("report.json").toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stdout()).contains("3 rows").contains("1 failed");
        assertThat(sandbox.contactByExternalId("it-1")).isPresent();
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"rows\" : 3");
        // The one row that carries the token's text as data may show it; nothing else may.
        String written = everythingWritten().replace(TOKEN + "-lookalike-is-data", "");
        assertThat(written).doesNotContain(TOKEN);
    }

    @Test
    void aWrongTokenExitsOneWithASentenceAndNoStackTrace() throws Exception {
        inbox("users_20260101T000000.csv", "external_id,email\nx,x@example.com\n");
        Run r = run(Map.of("INTERCOM_ACCESS_TOKEN", "wrong-" + TOKEN), "import", "--config", config("").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("intercom-sync: GET /me failed (401");
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(TOKEN);
    }

    @Test
    void configurationMistakesExitTwoNamingTheKey() throws Exception {
        Run noToken = run(Map.of(), "import", "--config", config("").toString());
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.stderr()).contains("intercom.access-token").doesNotContain("\tat ");

        Run plainHttp = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN, "INTERCOM_BASE_URL", "http://api.intercom.io"),
                "import", "--config", config("").toString());
        assertThat(plainHttp.exitCode()).isEqualTo(2);
        assertThat(plainHttp.stderr()).contains("must use https");

        Files.writeString(dir.resolve("mapping.yaml"), "contact:\n  standard:\n    email: E-mail\n  custom:\n    seats: { column: Seats, type: int }\n");
        Run badType = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN), "import", "--config",
                config("mapping.file=" + dir.resolve("mapping.yaml")).toString());
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.stderr()).contains("unknown type 'int'").doesNotContain("\tat ");

        Run unknownFlag = run(Map.of(), "import", "--frobnicate");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
    }

    @Test
    void aMistypedKeyStopsTheRunBeforeAStaleDefaultFolderIsImported() throws Exception {
        // The default ./inbox holds an old file: a typo must not make the run import it.
        inbox("users_20200101T000000.csv", "external_id,email\nstale-1,stale@example.com\n");
        Files.writeString(dir.resolve("typo.properties"), "intercom.base-url=" + sandbox.baseUrl() + "\n"
                + "source.local.fodler=" + dir.resolve("fresh") + "\n");
        Run r = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN), "import", "--config", dir.resolve("typo.properties").toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("intercom-sync: source.local.fodler (in typo.properties) is not a "
                + "configuration key: did you mean source.local.folder?");
        assertThat(sandbox.contactByExternalId("stale-1")).isEmpty();

        Run env = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN, "INTERCOM_SYNC_SOURCE_LOCAL_FODLER", "x"),
                "import", "--config", config("").toString());
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.stderr()).contains("did you mean INTERCOM_SYNC_SOURCE_LOCAL_FOLDER?").doesNotContain("\tat ");
    }

    @Test
    void aValueOfTheWrongTypeExitsTwoNamingItsKeyWhetherAFileOrTheEnvironmentSetIt() throws Exception {
        inbox("users_20260101T000000.csv", "external_id,email\nu-1,u1@example.com\n");
        Run file = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN), "import", "--config", config("intercom.max-in-flight=lots").toString());
        assertThat(file.exitCode()).as(file.all()).isEqualTo(2);
        assertThat(file.stderr().strip()).isEqualTo("intercom-sync: intercom.max-in-flight=lots is not a whole number");

        Run env = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN, "INTERCOM_SYNC_MAPPING_CREATE_MISSING_ATTRIBUTES", "maybe"),
                "import", "--config", config("").toString());
        assertThat(env.exitCode()).as(env.all()).isEqualTo(2);
        assertThat(env.stderr().strip()).isEqualTo("intercom-sync: mapping.create-missing-attributes=maybe must be true or false");
        assertThat(sandbox.contactByExternalId("u-1")).as("nothing was imported").isEmpty();
    }

    @Test
    void aFileThatCannotBeImportedExitsOneWithASentence() throws Exception {
        inbox("users_20260101T000000.csv", "");
        Run r = run(Map.of("INTERCOM_ACCESS_TOKEN", TOKEN), "import", "--config", config("").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("the file is empty").doesNotContain("\tat ");
    }
}
