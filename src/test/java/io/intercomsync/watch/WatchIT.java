package io.intercomsync.watch;

import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.S3ProxyServer;
import io.intercomsync.source.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/intercom-sync watch as a daemon (a separate JVM), against an in-process sandbox. */
class WatchIT {
    private static final String TOKEN = "watch-token-3c7";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void stop() {
        daemons.forEach(Process::destroyForcibly);
        sandbox.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process daemon(String name, int managementPort, String leaderElection) throws Exception {
        return daemon(name, managementPort, leaderElection, 500);
    }

    private Process daemon(String name, int managementPort, String leaderElection, long stableMs) throws Exception {
        return daemon(name, managementPort, leaderElection, stableMs, "source.local.folder=" + dir.resolve("inbox"));
    }

    private Process daemon(String name, int managementPort, String leaderElection, long stableMs, String source) throws Exception {
        Path config = Files.writeString(dir.resolve(name + ".properties"), String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                source,
                "source.poll-interval-ms=300",
                "source.stable-ms=" + stableMs,
                "output.folder=" + dir.resolve("out-" + name),
                "state.url=jdbc:sqlite:" + dir.resolve("state/intercom-sync.db"),
                "watch.lock-folder=" + dir.resolve("state/cluster"),
                "watch.leader-election=" + leaderElection,
                "camel.management.port=" + managementPort) + "\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(), "watch", "--config", config.toString())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("INTERCOM_ACCESS_TOKEN", TOKEN);
        Process p = pb.start();
        daemons.add(p);
        return p;
    }

    private void drop(String name, String... externalIds) throws Exception {
        StringBuilder csv = new StringBuilder("external_id,email\n");
        for (String id : externalIds) {
            csv.append(id).append(',').append(id).append("@example.com\n");
        }
        Path tmp = Files.writeString(dir.resolve(name + ".tmp"), csv.toString());
        Files.move(tmp, dir.resolve("inbox").resolve(name)); // appears whole, as an upload finishing would
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private long contactCreates() {
        return sandbox.stats().byEndpoint().getOrDefault("POST /contacts", 0L);
    }

    @Test
    void importsEachFileDroppedOnceAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Process daemon = daemon("solo", port, "file");
        await("ready", () -> {
            HttpResponse<String> r = get(port, "/observe/health/ready");
            return r != null && r.statusCode() == 200;
        });
        assertThat(get(port, "/observe/health/live").statusCode()).isEqualTo(200);

        drop("users_20260101T000000.csv", "w-1", "w-2");
        await("the first file imported", () -> sandbox.contactByExternalId("w-2").isPresent());
        drop("users_20260102T000000.csv", "w-3");
        await("the second file imported", () -> sandbox.contactByExternalId("w-3").isPresent());
        Thread.sleep(1500); // several more polls: nothing is imported again
        assertThat(contactCreates()).isEqualTo(3);
        assertThat(sandbox.contacts()).hasSize(3);

        String metrics = get(port, "/observe/metrics").body();
        assertThat(metrics).contains("intercom_sync_rows_total{outcome=\"created\"} 3.0")
                .contains("intercom_sync_runs_total{status=\"succeeded\"} 2.0")
                .contains("intercom_sync_rate_limit_headroom").contains("intercom_sync_rate_limit_allowance 1666.0")
                .contains("intercom_sync_in_flight_target").contains("intercom_sync_rate_limit_used");

        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
        assertThat(daemon.exitValue()).isIn(0, 143);
        String err = Files.readString(dir.resolve("solo.err"));
        assertThat(err).doesNotContain("\tat ").doesNotContain(TOKEN).doesNotContain(" ERROR ");
    }

    /** An exporter writing users_<ts>.csv in place, in pieces, while the daemon polls every 300 ms. */
    @Test
    void aFileWrittenInPlaceInPiecesIsImportedWholeAndOnce() throws Exception {
        int port = freePort();
        daemon("inplace", port, "file", 3_000);
        await("ready", () -> {
            HttpResponse<String> r = get(port, "/observe/health/ready");
            return r != null && r.statusCode() == 200;
        });
        Path file = dir.resolve("inbox/users_20260101T000000.csv");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("external_id,email,name\n");
            for (int piece = 0; piece < 8; piece++) {
                for (int i = piece * 50; i < piece * 50 + 50; i++) {
                    out.write("p-" + i + ",p" + i + "@example.com,");
                    out.flush(); // a piece may end in the middle of a row, as an exporter's buffer does
                    out.write("Person number " + i + "\n");
                }
                out.flush();
                Thread.sleep(250); // the exporter's pace between pieces, well inside source.stable-ms
            }
        }
        await("every row of the file imported", () -> sandbox.contacts().size() == 400);
        drop("users_20260102T000000.csv", "after-in-place"); // polls go on: the first file is not imported again
        await("the next file imported", () -> sandbox.contactByExternalId("after-in-place").isPresent());

        for (int i = 0; i < 400; i++) {
            assertThat(sandbox.contactByExternalId("p-" + i).orElseThrow().path("name").asText()).isEqualTo("Person number " + i);
        }
        assertThat(contactCreates()).isEqualTo(401);
        String err = Files.readString(dir.resolve("inplace.err"));
        assertThat(err).contains("is not complete yet").contains("users_20260101T000000.csv: 400 rows: 400 created");
        assertThat(err.split("users_20260101T000000.csv: ", -1)).as("imported once").hasSize(2);
    }

    /** The exporter paused longer than source.stable-ms, then went on writing: the whole file is imported again. */
    @Test
    void aFileThatChangesAfterItWasImportedIsImportedAgain() throws Exception {
        daemon("grown", freePort(), "none", 300);
        Path file = dir.resolve("inbox/users_20260101T000000.csv");
        StringBuilder first = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < 50; i++) {
            first.append("g-").append(i).append(",g").append(i).append("@example.com,Grown ").append(i).append('\n');
        }
        Files.writeString(file, first);
        await("the first part imported", () -> sandbox.contacts().size() == 50);
        StringBuilder rest = new StringBuilder();
        for (int i = 50; i < 120; i++) {
            rest.append("g-").append(i).append(",g").append(i).append("@example.com,Grown ").append(i).append('\n');
        }
        Files.writeString(file, rest, java.nio.file.StandardOpenOption.APPEND);

        await("the rest imported", () -> sandbox.contacts().size() == 120);
        assertThat(sandbox.contactByExternalId("g-119").orElseThrow().path("name").asText()).isEqualTo("Grown 119");
        await("the second run reported", () -> {
            try {
                return Files.readString(dir.resolve("grown.err")).contains("120 rows: 70 created, 0 updated, 50 unchanged");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(contactCreates()).isEqualTo(120);
    }

    @Test
    void aFileThatFailsDoesNotStopTheDaemon() throws Exception {
        int port = freePort();
        daemon("resilient", port, "none");
        drop("users_20260101T000000.csv"); // header only: zero rows, fine
        Files.writeString(dir.resolve("inbox/users_20260102T000000.csv"), ""); // empty: the run fails
        drop("users_20260103T000000.csv", "after-1");
        await("the file after the broken one", () -> sandbox.contactByExternalId("after-1").isPresent());
        // The empty file is reported once its quiet period is over, which may be after the next file's
        // import: wait for the report rather than assume an order.
        Path err = dir.resolve("resilient.err");
        await("the broken file reported", () -> {
            try {
                return Files.readString(err).contains("users_20260102T000000.csv");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(Files.readString(dir.resolve("resilient.err"))).contains("the file is empty").doesNotContain("\tat ");
    }

    /**
     * Runs that outlast the poll interval (here 40 rows at 150 ms a call, against a 300 ms poll) run one
     * after the other: a later poll must not start the next file while the first is still being written
     * (the timer's consumer used to hand its exchange to the row workers and fire again).
     */
    @Test
    void aRunLongerThanThePollIntervalIsNotOverlappedByTheNextFile() throws Exception {
        sandbox.close();
        sandbox = Sandbox.builder().token(TOKEN).latencyMs(150).start();
        String[] first = new String[40];
        String[] second = new String[40];
        for (int i = 0; i < 40; i++) {
            first[i] = "a-" + i;
            second[i] = "b-" + i;
        }
        drop("users_20260101T000000.csv", first);
        drop("users_20260102T000000.csv", second);
        daemon("sequential", freePort(), "none");
        await("both files imported", () -> sandbox.contacts().size() == 80);
        Path err = dir.resolve("sequential.err");
        await("the second run reported", () -> {
            try {
                return Files.readString(err).contains("users_20260102T000000.csv: 40 rows");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String console = Files.readString(err);
        int firstEnded = console.indexOf("users_20260101T000000.csv: 40 rows");
        int secondBegan = console.indexOf("Importing " + dir.resolve("inbox/users_20260102T000000.csv"));
        assertThat(firstEnded).as("the first run's summary").isNotNegative();
        assertThat(secondBegan).as("the second run began after the first ended").isGreaterThan(firstEnded);
        assertThat(console).doesNotContain("\tat ").doesNotContain(" ERROR ");
    }

    /**
     * source.uri: the watch route starts from the folder's own Camel endpoint, whose read lock waits out a
     * file still being written; each file is imported once, oldest first, and again once it changes.
     */
    @Test
    void aFileUriIsConsumedByTheRouteEachFileOnceAndAgainWhenItChanges() throws Exception {
        daemon("endpoint", freePort(), "file", 500, "source.uri=file:" + dir.resolve("inbox"));
        drop("users_20260102T000000.csv", "u-2");
        drop("users_20260101T000000.csv", "u-1");
        await("both files imported", () -> sandbox.contactByExternalId("u-1").isPresent()
                && sandbox.contactByExternalId("u-2").isPresent());
        Path err = dir.resolve("endpoint.err");
        await("the second run reported", () -> {
            try {
                return Files.readString(err).contains("users_20260102T000000.csv: 1 rows");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String console = Files.readString(err);
        assertThat(console.indexOf("users_20260101T000000.csv: 1 rows")).as("oldest first")
                .isLessThan(console.indexOf("users_20260102T000000.csv: 1 rows"));

        // written again under the same name, in place: imported again once it is left alone
        Files.writeString(dir.resolve("inbox/users_20260101T000000.csv"), "external_id,email\nu-1,u-1@example.com\nu-3,u-3@example.com\n");
        await("the changed file imported again", () -> sandbox.contactByExternalId("u-3").isPresent());
        await("its run reported", () -> {
            try {
                return Files.readString(err).contains("users_20260101T000000.csv: 2 rows");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Thread.sleep(1500); // several more polls: nothing is imported again
        assertThat(contactCreates()).isEqualTo(3);
        assertThat(Files.readString(err)).doesNotContain("\tat ").doesNotContain(" ERROR ")
                .containsOnlyOnce("users_20260102T000000.csv: 1 rows");
    }

    /** A daemon watching a bucket of {@code s3}, its credentials from the environment as in production. */
    private void s3Daemon(String name, S3ProxyServer s3, String... settings) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "intercom.base-url=" + sandbox.baseUrl(),
                "source.type=s3",
                "source.s3.endpoint=" + s3.endpoint(),
                "source.poll-interval-ms=300",
                "output.folder=" + dir.resolve("out-" + name),
                "state.url=jdbc:sqlite:" + dir.resolve("state/" + name + ".db"),
                "camel.management.port=" + freePort()));
        lines.addAll(List.of(settings));
        Path config = Files.writeString(dir.resolve(name + ".properties"), String.join("\n", lines) + "\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(), "watch", "--config", config.toString())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("INTERCOM_ACCESS_TOKEN", TOKEN);
        pb.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        pb.environment().remove("AWS_PROFILE");
        daemons.add(pb.start());
    }

    @Test
    void watchesAnSftpFolderImportingEachNewFileOnceAndMovingIt() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            Path config = Files.writeString(dir.resolve("sftp.properties"), String.join("\n",
                    "intercom.base-url=" + sandbox.baseUrl(),
                    "source.type=sftp",
                    "source.sftp.host=127.0.0.1",
                    "source.sftp.port=" + sftp.port(),
                    "source.sftp.username=" + SftpServer.USER,
                    "source.sftp.directory=outbound",
                    "source.sftp.known-hosts-file=" + sftp.knownHosts(),
                    "source.sftp.after-success=move",
                    "source.poll-interval-ms=300",
                    "source.stable-ms=300",
                    "output.folder=" + dir.resolve("out-sftp"),
                    "state.url=jdbc:sqlite:" + dir.resolve("state/sftp.db"),
                    "watch.lock-folder=" + dir.resolve("state/cluster-sftp"),
                    "camel.management.port=" + freePort()) + "\n");
            ProcessBuilder pb = new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(), "watch", "--config", config.toString())
                    .redirectOutput(dir.resolve("sftp.out").toFile())
                    .redirectError(dir.resolve("sftp.err").toFile());
            pb.environment().put("INTERCOM_ACCESS_TOKEN", TOKEN);
            pb.environment().put("INTERCOM_SYNC_SOURCE_SFTP_PASSWORD", SftpServer.PASSWORD); // as a Kubernetes Secret would
            daemons.add(pb.start());

            sftp.put("outbound/users_20260101T000000.csv", "external_id,email\nsftpw-1,sftpw-1@example.com\n");
            await("the first file imported", () -> sandbox.contactByExternalId("sftpw-1").isPresent());
            sftp.put("outbound/users_20260102T000000.csv", "external_id,email\nsftpw-2,sftpw-2@example.com\n");
            await("the second file imported", () -> sandbox.contactByExternalId("sftpw-2").isPresent());
            await("both files moved", () -> Files.exists(sftp.home().resolve("outbound/processed/users_20260101T000000.csv"))
                    && Files.exists(sftp.home().resolve("outbound/processed/users_20260102T000000.csv")));
            assertThat(contactCreates()).isEqualTo(2);
            String logs = Files.readString(dir.resolve("sftp.out")) + Files.readString(dir.resolve("sftp.err"));
            assertThat(logs).doesNotContain(SftpServer.PASSWORD).doesNotContain("\tat ");
        }
    }

    /** source.uri=sftp:... with a key: the route consumes the SFTP endpoint; a file uploaded in pieces is taken whole, once. */
    @Test
    void anSftpUriIsConsumedByTheRouteAndAFileUploadedInPiecesIsImportedWholeAndMoved() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            daemon("sftp-uri", freePort(), "file", 1500, "source.uri=sftp://" + SftpServer.USER + "@127.0.0.1:" + sftp.port()
                    + "/outbound?privateKeyFile=" + sftp.clientKey() + "&knownHostsFile=" + sftp.knownHosts() + "&move=processed");
            sftp.put("outbound/users_20260101T000000.csv", "external_id,email\nsu-1,su-1@example.com\n");
            await("the first file imported", () -> sandbox.contactByExternalId("su-1").isPresent());

            Path growing = sftp.put("outbound/users_20260102T000000.csv", "external_id,email\n");
            for (int i = 0; i < 10; i++) {
                Files.writeString(growing, "sp-" + i + ",sp-" + i + "@example.com\n", java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(150); // an upload arriving in pieces, slower than the 300 ms poll
            }
            await("the whole second file imported", () -> sandbox.contactByExternalId("sp-9").isPresent());
            await("both files moved", () -> Files.exists(sftp.home().resolve("outbound/processed/users_20260101T000000.csv"))
                    && Files.exists(sftp.home().resolve("outbound/processed/users_20260102T000000.csv")));
            String err = Files.readString(dir.resolve("sftp-uri.err"));
            assertThat(err).contains("users_20260102T000000.csv: 10 rows: 10 created").doesNotContain("\tat ");
            assertThat(contactCreates()).isEqualTo(11);
            assertThat(Files.readString(sftp.home().resolve("outbound/processed/users_20260102T000000.csv")).lines()).hasSize(11);
            assertThat(sftp.home().resolve("outbound/users_20260102T000000.csv")).doesNotExist();
        }
    }

    /** Left in place (no move=): a file that was still being uploaded when listed is imported once, not again for its final size. */
    @Test
    void anSftpFileListedWhileBeingUploadedIsImportedOnceWhenLeftInPlace() throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            daemon("sftp-noop", freePort(), "none", 1500, "source.uri=sftp://" + SftpServer.USER + "@127.0.0.1:" + sftp.port()
                    + "/outbound?privateKeyFile=" + sftp.clientKey() + "&knownHostsFile=" + sftp.knownHosts());
            Path growing = sftp.put("outbound/users_20260101T000000.csv", "external_id,email\n");
            for (int i = 0; i < 12; i++) {
                Files.writeString(growing, "sn-" + i + ",sn-" + i + "@example.com\n", java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(250);
            }
            await("the whole file imported", () -> sandbox.contactByExternalId("sn-11").isPresent());
            Path err = dir.resolve("sftp-noop.err");
            await("its run reported", () -> {
                try {
                    return Files.readString(err).contains("users_20260101T000000.csv: 12 rows");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            Thread.sleep(3000); // several polls at 300 ms, each listing the file at its final size
            String console = Files.readString(err);
            assertThat(console.split("users_20260101T000000.csv: ", -1)).as(console).hasSize(2);
            assertThat(sftp.home().resolve("outbound/users_20260101T000000.csv")).exists();
        }
    }

    @Test
    void aMissingFolderIsSaidOnceAndWatchedUntilItAppears() throws Exception {
        daemon("missing", freePort(), "none", 100, "source.uri=file:" + dir.resolve("later"));
        Path err = dir.resolve("missing.err");
        await("the missing folder said", () -> {
            try {
                return Files.readString(err).contains("does not exist");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Files.createDirectories(dir.resolve("later"));
        Files.writeString(dir.resolve("later/users_20260101T000000.csv"), "external_id,email\nlate-1,late-1@example.com\n");
        await("the file in the folder that appeared imported", () -> sandbox.contactByExternalId("late-1").isPresent());
        await("the recovery said", () -> {
            try {
                return Files.readString(err).contains("can be read again");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String console = Files.readString(err);
        assertThat(console.split("does not exist", -1)).as(console).hasSize(2);
        assertThat(console).doesNotContain("\tat ");
    }

    @Test
    void watchesAnS3PrefixImportingEachNewObjectOnceAndMovingIt() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")))) {
            s3.createBucket("drops");
            s3Daemon("s3", s3, "source.s3.bucket=drops", "source.s3.prefix=incoming", "source.s3.after-success=move",
                    "watch.lock-folder=" + dir.resolve("state/cluster-s3"));

            s3.put("drops", "incoming/users_20260101T000000.csv", "external_id,email\ns3w-1,s3w-1@example.com\n");
            await("the first object imported", () -> sandbox.contactByExternalId("s3w-1").isPresent());
            s3.put("drops", "incoming/users_20260102T000000.csv", "external_id,email\ns3w-2,s3w-2@example.com\n");
            await("the second object imported", () -> sandbox.contactByExternalId("s3w-2").isPresent());
            await("both objects moved", () -> s3.keys("drops").equals(List.of(
                    "processed/users_20260101T000000.csv", "processed/users_20260102T000000.csv")));
            Thread.sleep(1000);
            assertThat(contactCreates()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("s3.err"))).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain("\tat ");
        }
    }

    @Test
    void anS3ObjectWrittenAgainUnderTheSameKeyIsImportedAgain() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3-again")))) {
            s3.createBucket("kept");
            s3Daemon("s3-again", s3, "source.s3.bucket=kept", "source.s3.after-success=keep", "watch.leader-election=none");

            s3.put("kept", "users_20260101T000000.csv", "external_id,email,name\nk-1,k1@example.com,First\n");
            await("the object imported", () -> sandbox.contactByExternalId("k-1").isPresent());
            s3.put("kept", "users_20260101T000000.csv", "external_id,email,name\nk-1,k1@example.com,Second\nk-2,k2@example.com,New\n");
            await("the object written again imported again", () -> sandbox.contactByExternalId("k-2").isPresent()
                    && sandbox.contactByExternalId("k-1").orElseThrow().path("name").asText().equals("Second"));
            assertThat(s3.keys("kept")).containsExactly("users_20260101T000000.csv");
        }
    }

    @Test
    void twoWatchersOnOneFolderAndOneDatabaseImportEachFileOnce() throws Exception {
        // Leader election off: both poll every 300 ms and race; only the claims keep them apart.
        daemon("a", freePort(), "none");
        daemon("b", freePort(), "none");
        for (int f = 1; f <= 6; f++) {
            drop(String.format("users_2026010%dT000000.csv", f), "two-" + f + "-a", "two-" + f + "-b");
        }
        await("every file imported", () -> sandbox.contacts().size() == 12);
        Thread.sleep(1500);
        assertThat(contactCreates()).as("each row sent once").isEqualTo(12);
        String logs = Files.readString(dir.resolve("a.err")) + Files.readString(dir.resolve("b.err"));
        for (int f = 1; f <= 6; f++) {
            String file = String.format("users_2026010%dT000000.csv: ", f);
            assertThat(logs.split(java.util.regex.Pattern.quote(file), -1)).as(file + " imported once").hasSize(2);
        }
    }
}
