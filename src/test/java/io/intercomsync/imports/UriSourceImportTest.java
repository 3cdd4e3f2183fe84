package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.FtpServer;
import io.intercomsync.source.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * source.uri as a user runs it: the import route polls a Camel endpoint of the file family (file:, ftp:,
 * sftp:, against real FTP and SFTP servers) for the newest file by the timestamp in its name.
 */
class UriSourceImportTest {
    private static final String TOKEN = "tok-uri-41c7";
    private static final String HEADER = "id,email,name\n";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private ImportFixture f;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                    email: email
                    name: name
                """);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** {@code watch} with the fixture's settings, in-process: for the settings it must refuse at startup. */
    private int watch(java.io.StringWriter err) throws Exception {
        StringBuilder text = new StringBuilder();
        f.properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path config = Files.writeString(dir.resolve("watch.properties"), text.toString());
        return io.intercomsync.cli.IntercomSyncCli.run(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err), "watch", "--config", config.toString());
    }

    private static String rows(String prefix, int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,").append(prefix).append(' ').append(i).append('\n');
        }
        return csv.toString();
    }

    private Path exportFile(String name, String content, long modifiedMs) throws Exception {
        Path p = Files.createDirectories(dir.resolve("exports")).resolve(name);
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMs));
        return p;
    }

    @Test
    void aFileUriImportsTheNewestByTheNameNotTheModificationTimeAndLeavesItInPlace() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        exportFile("users_20260101T000000.csv", rows("jan", 2), old + 3_000); // touched last: still not the newest
        exportFile("users_20260301T000000.csv", rows("mar", 3), old);
        exportFile("users_20260201T000000.csv", rows("feb", 2), old + 1_000);
        exportFile("users_latest.csv", rows("latest", 2), old + 5_000); // no timestamp: not a candidate
        Files.createDirectories(dir.resolve("exports/users_20991231T000000.csv")); // a folder named like a file
        f.set("source.uri", "file:" + dir.resolve("exports"));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("source").asText()).isEqualTo(dir.resolve("exports/users_20260301T000000.csv").toString());
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText())
                .containsExactlyInAnyOrder("mar0", "mar1", "mar2");
        assertThat(dir.resolve("exports/users_20260301T000000.csv")).exists(); // noop unless the URI says move or delete
    }

    /** source.type=local, now the file endpoint: folders the listing before it read must still be read. */
    @Test
    void theLocalShorthandReadsHiddenFoldersAndFoldersAUriCannotNameAndSkipsADanglingLink() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        for (String folder : List.of(".hidden", "a%20b", "a?b", "{{x}}")) {
            Path in = Files.createDirectories(dir.resolve(folder));
            Path file = Files.writeString(in.resolve("users_20260101T000000.csv"), rows(folder.replaceAll("[^a-z0-9]", "") + "-", 1));
            Files.setLastModifiedTime(file, FileTime.fromMillis(old));
            f.set("source.local.folder", in.toString());

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).as(folder + ": " + result.all()).isZero();
            assertThat(f.report().get("created").asInt()).as(folder).isEqualTo(1);
        }
        Path in = dir.resolve(".hidden");
        Files.createSymbolicLink(in.resolve("users_20990101T000000.csv"), dir.resolve("gone.csv")); // newest, dangling
        Files.writeString(in.resolve("users_20260101T000000.csv"), rows("after-link-", 1));
        Files.setLastModifiedTime(in.resolve("users_20260101T000000.csv"), FileTime.fromMillis(old));
        f.set("source.local.folder", in.toString());

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(f.report().get("source").asText()).isEqualTo(in.resolve("users_20260101T000000.csv").toString());
    }

    /** The listing before the endpoint took a hidden file that source.file-pattern matches: so does the shorthand. */
    @Test
    void theLocalShorthandTakesAHiddenFileThePatternMatches() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        Path in = Files.createDirectories(dir.resolve("dotted"));
        Files.setLastModifiedTime(Files.writeString(in.resolve("users_20260101T000000.csv"), rows("plain-", 1)), FileTime.fromMillis(old));
        Files.setLastModifiedTime(Files.writeString(in.resolve(".users_20260201T000000.csv"), rows("hidden-", 1)), FileTime.fromMillis(old));
        f.set("source.local.folder", in.toString()).set("source.file-pattern", "*users_{timestamp}.csv");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(f.report().get("source").asText()).isEqualTo(in.resolve(".users_20260201T000000.csv").toString());
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText()).containsExactly("hidden-0");
    }

    @Test
    void moveInTheUriMovesTheFileAfterASuccessfulRunAndNotAfterOneThatStopped() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        exportFile("users_20260101T000000.csv", rows("m", 2), old);
        f.set("source.uri", "file:" + dir.resolve("exports") + "?move=.done");
        f.set("intercom.access-token", "not-the-token");

        ImportFixture.Result stopped = f.run();

        assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(1);
        assertThat(dir.resolve("exports/users_20260101T000000.csv")).as("left where it was").exists();
        assertThat(dir.resolve("exports/.done/users_20260101T000000.csv")).doesNotExist();
        assertThat(f.report().get("status").asText()).isEqualTo("failed");

        f.set("intercom.access-token", TOKEN);
        ImportFixture.Result done = f.run();

        assertThat(done.exitCode()).as(done.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(dir.resolve("exports/users_20260101T000000.csv")).doesNotExist();
        assertThat(dir.resolve("exports/.done/users_20260101T000000.csv")).exists();
    }

    @Test
    void aDryRunLeavesTheFileWhereItWasWhateverTheUriDoesAfterSuccess() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        exportFile("users_20260101T000000.csv", rows("d", 2), old);
        f.set("source.uri", "file:" + dir.resolve("exports") + "?delete=true");

        ImportFixture.Result dry = f.run("--dry-run");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.err()).as("nothing said but the run's own lines").doesNotContain("WARN").doesNotContain("\tat ");
        assertThat(dir.resolve("exports/users_20260101T000000.csv")).exists();
        assertThat(sandbox.contacts()).isEmpty();

        ImportFixture.Result real = f.run();

        assertThat(real.exitCode()).as(real.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(dir.resolve("exports/users_20260101T000000.csv")).as("delete=true after a real import").doesNotExist();
    }

    @Test
    void preMoveIsRefusedAtStartupAndMoveWithoutLeaderElectionIsRefusedForWatch() throws Exception {
        f.set("source.uri", "file:" + dir.resolve("exports") + "?preMove=.work");
        ImportFixture.Result preMove = f.run();
        assertThat(preMove.exitCode()).isEqualTo(2);
        assertThat(preMove.err()).contains("preMove is not supported").contains("use move=");

        f.set("source.uri", "file:" + dir.resolve("exports") + "?move=.done").set("watch.leader-election", "none");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = watch(err);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("watch.leader-election=none").contains("use watch.leader-election=file");
    }

    @Test
    void aMistypedUriOptionStopsImportAndWatchAtStartupNamingIt() throws Exception {
        exportFile("users_20260101T000000.csv", rows("t", 1), System.currentTimeMillis() - 60_000);
        f.set("source.uri", "file:" + dir.resolve("exports") + "?readLok=changed&move=.done");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("intercom-sync: source.uri has an option Camel's file component does not know:"
                + " readLok (check the spelling; see docs/sources.md for the component's options)");
        assertThat(dir.resolve("exports/users_20260101T000000.csv")).exists();
        assertThat(sandbox.stats().totalRequests()).as("stopped before any call").isZero();

        f.set("camel.management.port", "0").set("watch.leader-election", "file").set("watch.lock-folder", dir.resolve("lock").toString());
        java.io.StringWriter err = new java.io.StringWriter();
        int code = watch(err);
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("does not know: readLok");
    }

    @Test
    void aPasswordInTheUriIsInNoOutputAndTheReportNamesTheSourceWithoutItsOptions() throws Exception {
        f.set("source.uri", "ftp://exports:p@ss-in-userinfo@127.0.0.1:1/outbound?account=acct-secret-77&password=pw-secret-88");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        String everything = result.all() + Files.readString(dir.resolve("out/run-report.json"));
        if (Files.isDirectory(dir.resolve("out/logs"))) { // none when the run stops before it has a file
            try (var logs = Files.list(dir.resolve("out/logs"))) {
                for (Path log : logs.toList()) {
                    everything += Files.readString(log);
                }
            }
        }
        assertThat(everything).doesNotContain("p@ss-in-userinfo").doesNotContain("ss-in-userinfo")
                .doesNotContain("acct-secret-77").doesNotContain("pw-secret-88");
        assertThat(f.report().get("source").asText()).isEqualTo("ftp://exports:xxxxxx@127.0.0.1:1/outbound");
        assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
    }

    /** An exporter still writing the newest file in place, in pieces: the read lock waits until it is left alone. */
    @Test
    void aFileStillBeingWrittenIsImportedWholeOnceTheReadLockSeesItLeftAlone() throws Exception {
        Path file = Files.createDirectories(dir.resolve("exports")).resolve("users_20260101T000000.csv");
        Files.writeString(file, HEADER + "w0,w0@example.com,W 0\n");
        f.set("source.uri", "file:" + dir.resolve("exports")).set("source.stable-ms", "800");
        CountDownLatch written = new CountDownLatch(1);
        CompletableFuture<Void> exporter = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i < 20; i++) {
                    Files.writeString(file, "w" + i + ",w" + i + "@example.com,W " + i + "\n", StandardOpenOption.APPEND);
                    Thread.sleep(100); // an exporter writing its rows as it produces them
                }
                written.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        ImportFixture.Result result = f.run();

        exporter.get(30, TimeUnit.SECONDS);
        assertThat(written.getCount()).isZero();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(f.report().get("created").asInt()).isEqualTo(20);
        assertThat(sandbox.contacts()).hasSize(20);
    }

    @Test
    void withADoneMarkerOnlyAFileWhoseMarkerIsThereIsTakenAndTheMarkerStays() throws Exception {
        long old = System.currentTimeMillis() - 3_600_000;
        exportFile("users_20260101T000000.csv", rows("marked", 2), old);
        exportFile("users_20260101T000000.csv.done", "", old);
        exportFile("users_20260201T000000.csv", rows("unmarked", 2), old); // newer, but its marker is not there yet
        f.set("source.uri", "file:" + dir.resolve("exports")).set("source.done-marker", "${file:name}.done");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText()).containsExactlyInAnyOrder("marked0", "marked1");
        assertThat(dir.resolve("exports/users_20260101T000000.csv.done")).as("the marker is the exporter's").exists();
    }

    @Test
    void aMissingRemoteFolderIsOneSentenceAndIsNotCreated() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            f.set("source.uri", "sftp://" + SftpServer.USER + "@127.0.0.1:" + sftp.port() + "/no-such-folder?knownHostsFile="
                    + sftp.knownHosts() + "&privateKeyFile=" + sftp.clientKey());

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
            assertThat(result.err()).contains("does not exist").doesNotContain("\tat ");
            assertThat(sftp.home().resolve("no-such-folder")).doesNotExist();
        }
    }

    @Test
    void anSftpHostKeyNotInTheKnownHostsIsRefusedByDefault() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            sftp.put("outbound/users_20260101T000000.csv", rows("x", 1));
            Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
            f.set("source.uri", "sftp://" + SftpServer.USER + "@127.0.0.1:" + sftp.port() + "/outbound?knownHostsFile="
                    + empty + "&privateKeyFile=" + sftp.clientKey());

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("is not in the known hosts file").contains("strictHostKeyChecking=no")
                    .doesNotContain("\tat ");
            assertThat(sandbox.contacts()).isEmpty();
        }
    }

    @Test
    void noMatchingFileSaysWhereItLookedInOneSentence() throws Exception {
        exportFile("notes.txt", "nothing", System.currentTimeMillis() - 60_000);
        f.set("source.uri", "file:" + dir.resolve("exports"));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("intercom-sync: no complete file matching 'users_{timestamp}.csv' at file:"
                + dir.resolve("exports") + " (a file still being written is not taken: see source.stable-ms and source.done-marker)");
    }

    @Test
    void aMissingFolderIsOneSentence() throws Exception {
        f.set("source.uri", "file:" + dir.resolve("no-such-folder"));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(dir.resolve("no-such-folder").toString()).doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void anFtpUriImportsTheNewestFileAmongDecoysAndMasksItsPassword() throws Exception {
        try (FtpServer ftp = new FtpServer(dir)) {
            ftp.put("outbound/users_20260101T000000.csv", rows("jan", 2));
            ftp.put("outbound/users_20260301T000000.csv", rows("mar", 3));
            ftp.put("outbound/users_20260201T000000.csv", rows("feb", 2));
            ftp.put("outbound/notes.txt", "not a CSV");
            f.set("source.uri", "ftp://" + FtpServer.USER + "@127.0.0.1:" + ftp.port() + "/outbound?password="
                    + FtpServer.PASSWORD + "&passiveMode=true");

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText())
                    .containsExactlyInAnyOrder("mar0", "mar1", "mar2");
            assertThat(f.report().get("source").asText()).endsWith("/outbound/users_20260301T000000.csv")
                    .doesNotContain(FtpServer.PASSWORD);
            assertThat(result.all()).doesNotContain(FtpServer.PASSWORD);
            assertThat(ftp.home().resolve("outbound/users_20260301T000000.csv")).exists();
        }
    }

    @Test
    void anSftpUriWithAKeyImportsTheNewestFileAndAWrongKeyIsOneSentence() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            sftp.put("outbound/users_20260101T000000.csv", rows("jan", 2));
            sftp.put("outbound/users_20260301T000000.csv", rows("mar", 3));
            sftp.put("outbound/users_latest.csv", rows("latest", 2));
            String base = "sftp://" + SftpServer.USER + "@127.0.0.1:" + sftp.port() + "/outbound?knownHostsFile="
                    + sftp.knownHosts() + "&privateKeyFile=";
            f.set("source.uri", base + sftp.clientKey());

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText())
                    .containsExactlyInAnyOrder("mar0", "mar1", "mar2");
            assertThat(f.report().get("source").asText())
                    .isEqualTo("sftp://exports@127.0.0.1:" + sftp.port() + "/outbound/users_20260301T000000.csv");

            Path otherKey = dir.resolve("other_ecdsa");
            SftpServer.writeKeyPair(otherKey, dir.resolve("other.pub"));
            f.set("source.uri", base + otherKey);

            ImportFixture.Result refused = f.run();

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip().lines()).as(refused.err()).hasSize(1);
            assertThat(refused.err()).contains("refused the login").doesNotContain("\tat ");
        }
    }
}
