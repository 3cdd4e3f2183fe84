package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * source.type=s3 as a user runs it: the import command, in-process, reading from a real S3 server
 * (S3Proxy) with credentials from the AWS default chain (here its system properties), writing to the sandbox.
 */
class S3ImportEndToEndTest {
    private static final String TOKEN = "tok-s3-e2e-41b7";
    private static final String HEADER = "external_id,email,name\n";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path storage;
    static S3ProxyServer s3;

    @TempDir
    Path dir;
    private Sandbox sandbox;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(storage);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void credentialsFromTheDefaultChain() {
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        bucket = "e2e-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ImportFixture fixture() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        return new ImportFixture(dir, sandbox, TOKEN)
                .set("source.type", "s3")
                .set("source.s3.bucket", bucket)
                .set("source.s3.prefix", "incoming/")
                .set("source.s3.region", "us-east-1")
                .set("source.s3.endpoint", s3.endpoint().toString());
    }

    private List<String> externalIds() {
        return sandbox.contacts().stream().map(c -> c.path("external_id").asText()).sorted().collect(Collectors.toList());
    }

    @Test
    void importsTheNewestCsvInTheBucketThenPublishesItsOutputsAndMovesItAside() throws Exception {
        ImportFixture f = fixture().set("source.s3.after-success", "move").set("source.s3.move-prefix", "processed/")
                .set("source.s3.output-prefix", "reports/");
        s3.put(bucket, "incoming/users_20260101T000000.csv", HEADER + "old-1,old1@example.com,Old\n");
        s3.put(bucket, "incoming/users_20260301T000000.csv", HEADER
                + "new-1,new1@example.com,New One\n"
                + "new-2,not-an-email,New Two\n"
                + "new-3,new3@example.com,New Three\n");
        s3.put(bucket, "incoming/archive/users_20990101T000000.csv", HEADER + "sub,sub@example.com,Sub\n");
        s3.put(bucket, "users_20990101T000000.csv", HEADER + "top,top@example.com,Top\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        assertThat(externalIds()).containsExactly("new-1", "new-3");
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("source").asText()).isEqualTo("s3://" + bucket + "/incoming/users_20260301T000000.csv");
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(1);

        assertThat(s3.keys(bucket)).containsExactly(
                "incoming/archive/users_20990101T000000.csv",
                "incoming/users_20260101T000000.csv",
                "processed/users_20260301T000000.csv",
                "reports/users_20260301T000000.run-report.json",
                "reports/users_20260301T000000.user_errors.csv",
                "users_20990101T000000.csv");
        JsonNode published = ImportFixture.JSON.readTree(s3.get(bucket, "reports/users_20260301T000000.run-report.json"));
        assertThat(published.get("rows").asLong()).isEqualTo(3);
        assertThat(published.get("source").asText()).isEqualTo(report.get("source").asText());
        assertThat(s3.get(bucket, "reports/users_20260301T000000.user_errors.csv"))
                .startsWith("row_number,error,failed_at,external_id,email,name").contains("new-2");
        assertThat(result.all()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
        assertThat(Files.readString(dir.resolve("out/run-report.json"))).doesNotContain(S3ProxyServer.SECRET_KEY)
                .doesNotContain(S3ProxyServer.ACCESS_KEY);

        // the next run takes the next newest, the one left in the folder
        assertThat(f.run().exitCode()).isZero();
        assertThat(externalIds()).containsExactly("new-1", "new-3", "old-1");
    }

    @Test
    void importsTheObjectNamedWithFileAndLeavesItWhereItIsByDefault() throws Exception {
        ImportFixture f = fixture();
        s3.put(bucket, "elsewhere/export.csv", HEADER + "named-1,named1@example.com,Named\n");

        ImportFixture.Result result = f.run("--file", "s3://" + bucket + "/elsewhere/export.csv");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(externalIds()).containsExactly("named-1");
        assertThat(s3.keys(bucket)).containsExactly("elsewhere/export.csv");

        ImportFixture.Result missing = f.run("--file", "s3://" + bucket + "/elsewhere/nope.csv");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("S3 object s3://" + bucket + "/elsewhere/nope.csv does not exist");
    }

    @Test
    void aDryRunReadsFromS3ButNeitherWritesToIntercomNorTouchesTheBucket() throws Exception {
        ImportFixture f = fixture().set("source.s3.after-success", "move").set("source.s3.output-prefix", "reports/");
        s3.put(bucket, "incoming/users_20260101T000000.csv", HEADER + "d-1,d1@example.com,Dry\n");

        ImportFixture.Result result = f.run("--dry-run");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(f.report().get("rows").asLong()).isEqualTo(1);
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(s3.keys(bucket)).containsExactly("incoming/users_20260101T000000.csv");
    }

    @Test
    void wrongCredentialsStopTheRunWithOneSentenceAndNoSecret() throws Exception {
        ImportFixture f = fixture();
        s3.put(bucket, "incoming/users_20260101T000000.csv", HEADER + "u-1,u1@example.com,U\n");
        System.setProperty("aws.secretAccessKey", "wrong-secret-8Hq2");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("access denied: cannot list s3://" + bucket + "/incoming/")
                .contains("AWS default chain")
                .doesNotContain("wrong-secret-8Hq2").doesNotContain(S3ProxyServer.ACCESS_KEY).doesNotContain("\tat ");
        assertThat(f.report().get("status").asText()).isEqualTo("failed");
        assertThat(f.report().toString()).doesNotContain("wrong-secret-8Hq2");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void aMissingBucketOrNoMatchingKeyIsSaidPlainly() throws Exception {
        ImportFixture f = fixture();
        s3.put(bucket, "incoming/readme.txt", "not an export");

        ImportFixture.Result none = f.run();
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("no object in s3://" + bucket + "/incoming/ matches source.file-pattern 'users_{timestamp}.csv'");

        f.set("source.s3.bucket", "no-such-bucket-" + bucket);
        ImportFixture.Result missing = f.run();
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("S3 bucket 'no-such-bucket-" + bucket + "' does not exist").doesNotContain("\tat ");

        f.set("source.s3.bucket", "");
        ImportFixture.Result unset = f.run();
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).contains("source.s3.bucket is not set");
    }

    @Test
    void anObjectThatCannotBeArchivedStillCountsAsImported() throws Exception {
        // S3Proxy has no object tagging: the tag step fails (logged as one sentence), the import stands
        ImportFixture f = fixture().set("source.s3.after-success", "tag").set("source.s3.output-prefix", "reports");
        s3.put(bucket, "incoming/users_20260101T000000.csv", HEADER + "t-1,t1@example.com,Tagged\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(externalIds()).containsExactly("t-1");
        assertThat(f.report().get("created").asLong()).isEqualTo(1);
        assertThat(s3.keys(bucket)).containsExactly("incoming/users_20260101T000000.csv",
                "reports/users_20260101T000000.run-report.json", "reports/users_20260101T000000.user_errors.csv");
    }

    /**
     * The command in a JVM of its own whose environment has no AWS credentials anywhere (no variables, a
     * home without ~/.aws, no metadata service), whatever the machine running the tests has.
     */
    @Test
    void withNoCredentialsAnywhereTheRunSaysWhereTheyAreLookedFor() throws Exception {
        ImportFixture f = fixture();
        s3.put(bucket, "incoming/users_20260101T000000.csv", HEADER + "u-1,u1@example.com,U\n");
        StringBuilder config = new StringBuilder();
        f.properties.forEach((k, v) -> config.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path configFile = Files.writeString(dir.resolve("nocreds.properties"), config.toString());
        Path home = Files.createDirectories(dir.resolve("empty-home"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-Daws.disableEc2Metadata=true",
                "-Daws.sharedCredentialsFile=" + home.resolve(".aws/credentials"), "-Daws.configFile=" + home.resolve(".aws/config"),
                "-cp", System.getProperty("java.class.path"),
                "io.intercomsync.cli.IntercomSyncCli", "import", "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nocreds.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("INTERCOM_"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("import ended").isTrue();
        String output = Files.readString(dir.resolve("nocreds.log"));
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("intercom-sync: ").contains("no AWS credentials were found in the default chain")
                .doesNotContain("\tat ");
        assertThat(sandbox.contacts()).isEmpty();
    }

    /**
     * A 50 MiB object, generated while it is uploaded, imported (dry run) by the real command in a JVM
     * whose whole heap is smaller than the object: it can only finish if the object is streamed.
     */
    @Test
    void aLargeObjectIsStreamedInAHeapSmallerThanTheObject() throws Exception {
        ImportFixture f = fixture();
        int rowLength = 512;
        int rows = 50 * 1024 * 1024 / rowLength + 1;
        byte[] header = "external_id,email,name,notes\n".getBytes(StandardCharsets.US_ASCII);
        long length = header.length + (long) rows * rowLength;
        s3.client().putObject(b -> b.bucket(bucket).key("incoming/users_20260101T000000.csv").contentLength(length),
                RequestBody.fromContentProvider(() -> new GeneratedCsv(header, rows, rowLength), length, "text/csv"));

        StringBuilder config = new StringBuilder();
        f.properties.forEach((k, v) -> config.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path configFile = Files.writeString(dir.resolve("large.properties"), config.toString());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC",
                "-Daws.accessKeyId=" + S3ProxyServer.ACCESS_KEY, "-Daws.secretAccessKey=" + S3ProxyServer.SECRET_KEY,
                "-cp", System.getProperty("java.class.path"),
                "io.intercomsync.cli.IntercomSyncCli", "import", "--config", configFile.toString(), "--dry-run"));
        Path log = dir.resolve("large.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("import ended").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(rows);
        assertThat(report.get("created").asLong()).isEqualTo(rows); // a dry run counts what it would create
        assertThat(sandbox.contacts()).isEmpty();
    }

    static final int HEAP_MB = 40;

    /** users.csv rows of exactly {@code rowLength} bytes, made as they are read. */
    private static final class GeneratedCsv extends InputStream {
        private final byte[] header;
        private final int rows;
        private final int rowLength;
        private byte[] current;
        private int pos;
        private int row = -1;

        GeneratedCsv(byte[] header, int rows, int rowLength) {
            this.header = header;
            this.rows = rows;
            this.rowLength = rowLength;
            this.current = header;
        }

        private boolean advance() {
            if (pos < current.length) {
                return true;
            }
            if (row + 1 >= rows) {
                return false;
            }
            row++;
            String start = String.format("big-%07d,big%07d@example.com,Big %07d,", row, row, row);
            current = (start + "x".repeat(rowLength - start.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
            pos = 0;
            return true;
        }

        @Override
        public int read() {
            return advance() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!advance()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
