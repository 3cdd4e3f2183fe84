package io.intercomsync.source;

import io.intercomsync.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 source against a real S3 implementation (S3Proxy), started here. */
class S3SourceTest {
    private static final TimestampedName NAMES = new TimestampedName("users_{timestamp}.csv", "yyyyMMdd'T'HHmmss");
    private static final AwsCredentialsProvider GOOD = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path storage;
    @TempDir
    Path work;

    static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(storage);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static String newBucket() {
        String bucket = "source-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        return bucket;
    }

    private static S3Settings settings(String bucket, Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("source.s3.bucket", bucket);
        p.setProperty("source.s3.endpoint", s3.endpoint().toString());
        p.setProperty("source.s3.region", "us-east-1");
        p.putAll(extra);
        return S3Settings.from(AppConfig.of(p));
    }

    private static S3Source source(String bucket, Map<String, String> extra) {
        return S3OnCamel.start(settings(bucket, extra), NAMES, GOOD);
    }

    @Test
    void picksTheNewestTimestampDirectlyUnderThePrefixIgnoringEverythingElse() {
        String bucket = newBucket();
        s3.put(bucket, "incoming/users_20260101T000000.csv", "email\nold@example.com\n");
        s3.put(bucket, "incoming/users_20260301T120000.csv", "email\nnew@example.com\n");
        s3.put(bucket, "incoming/users_20260201T000000.csv", "email\nmiddle@example.com\n");
        s3.put(bucket, "incoming/users_20990101T000000.csv.partial", "x");   // not the pattern
        s3.put(bucket, "incoming/users_20991399T000000.csv", "x");           // month 13
        s3.put(bucket, "incoming/contacts_20990101T000000.csv", "x");        // another export
        s3.put(bucket, "incoming/archive/users_20990101T000000.csv", "x");   // a sub-folder
        s3.put(bucket, "incoming-old/users_20990101T000000.csv", "x");       // shares the prefix's letters
        s3.put(bucket, "users_20990101T000000.csv", "x");                    // outside the prefix
        s3.put(bucket, "processed/users_20990101T000000.csv", "x");

        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming"))) {
            SourceFile newest = source.newest().orElseThrow();
            assertThat(newest.name()).isEqualTo("s3://" + bucket + "/incoming/users_20260301T120000.csv");
            assertThat(source.location()).isEqualTo("s3://" + bucket + "/incoming/");
        }
    }

    @Test
    void listsEveryPageToFindTheNewestKeyPastTheFirstThousand() {
        // the listObjects operation returns one page (1,000 keys at most) and no sign of a next one
        String bucket = newBucket();
        for (int i = 0; i < 1_005; i++) {
            s3.put(bucket, String.format("incoming/a-decoy-%04d.txt", i), "x");
        }
        s3.put(bucket, "incoming/archive/users_20990101T000000.csv", "x"); // a sub-folder among the pages
        s3.put(bucket, "incoming/users_20260101T000000.csv", "email\nold@example.com\n");
        s3.put(bucket, "incoming/users_20260301T000000.csv", "email\nnew@example.com\n");
        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming/"))) {
            assertThat(source.matching()).extracting(SourceFile::name).containsExactly(
                    "s3://" + bucket + "/incoming/users_20260101T000000.csv", "s3://" + bucket + "/incoming/users_20260301T000000.csv");
        }
    }

    @Test
    void findsTheNewestKeyBehindAThousandSubFolders() {
        // with a delimiter, S3 fills a page with sub-folders too (common prefixes, which the listObjects
        // operation drops): a page of 1,000 sub-folders has no keys and is not the end of the listing
        String bucket = newBucket();
        for (int i = 0; i < 1_001; i++) {
            s3.put(bucket, String.format("incoming/2025-%04d/users_20990101T000000.csv", i), "x");
        }
        s3.put(bucket, "incoming/users_20260101T000000.csv", "email\nold@example.com\n");
        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming/"))) {
            assertThat(source.matching()).extracting(SourceFile::name).containsExactly(
                    "s3://" + bucket + "/incoming/users_20260101T000000.csv");
        }
    }

    @Test
    void readsTheObjectAsTheSdksStreamNotACopy() throws Exception {
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\none@example.com\n");
        try (S3Source source = source(bucket, Map.of());
             InputStream in = source.newest().orElseThrow().open()) {
            assertThat(in).isInstanceOf(software.amazon.awssdk.core.ResponseInputStream.class);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("email\none@example.com\n");
        }
    }

    @Test
    void findsNothingWhenNoKeyMatchesAndSaysWhereItLooked() {
        String bucket = newBucket();
        s3.put(bucket, "incoming/readme.txt", "x");
        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming/"))) {
            assertThat(source.newest()).isEmpty();
            assertThat(source.noMatchMessage()).isEqualTo("no object in s3://" + bucket
                    + "/incoming/ matches source.file-pattern 'users_{timestamp}.csv'");
        }
    }

    @Test
    void takesTheObjectNamedWithFileAndSaysWhenItDoesNotExist() throws Exception {
        String bucket = newBucket();
        s3.put(bucket, "anywhere/deep/export.csv", "email\na@example.com\n");
        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming/"))) {
            SourceFile named = source.named("s3://" + bucket + "/anywhere/deep/export.csv");
            try (InputStream in = named.open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("a@example.com");
            }
            assertThatThrownBy(() -> source.named("s3://" + bucket + "/anywhere/nope.csv").open())
                    .isInstanceOf(SourceException.class)
                    .hasMessage("S3 object s3://" + bucket + "/anywhere/nope.csv does not exist");
            assertThatThrownBy(() -> source.named("/tmp/users.csv"))
                    .isInstanceOf(SourceException.class).hasMessageContaining("use --file s3://bucket/key");
            assertThatThrownBy(() -> source.named("s3://" + bucket))
                    .isInstanceOf(SourceException.class).hasMessageContaining("must name a bucket and a key");
        }
    }

    @Test
    void saysWhenTheBucketDoesNotExist() {
        try (S3Source source = source("no-such-bucket-here", Map.of())) {
            assertThatThrownBy(source::newest).isInstanceOf(SourceException.class)
                    .hasMessage("S3 bucket 'no-such-bucket-here' does not exist (source.s3.bucket, or the bucket in --file)");
            assertThatThrownBy(() -> source.named("s3://no-such-bucket-here/users.csv").open())
                    .isInstanceOf(SourceException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void wrongCredentialsAreDeniedInOneSentenceThatHoldsNoSecret() {
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\n");
        String wrongSecret = "wrong-secret-Zr7Qp3";
        var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, wrongSecret));
        try (S3Source source = S3OnCamel.start(settings(bucket, Map.of()), NAMES, wrong)) {
            assertThatThrownBy(source::newest).isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("access denied: cannot list s3://" + bucket + "/ (SignatureDoesNotMatch")
                    .message().doesNotContain(wrongSecret).doesNotContain(S3ProxyServer.ACCESS_KEY).doesNotContain("\n");
        }
        var unknown = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN000000000", wrongSecret));
        try (S3Source source = S3OnCamel.start(settings(bucket, Map.of()), NAMES, unknown)) {
            assertThatThrownBy(() -> source.named("s3://" + bucket + "/users_20260101T000000.csv").open())
                    .isInstanceOf(SourceException.class).hasMessageContaining("access denied")
                    .message().doesNotContain(wrongSecret).doesNotContain("AKIAUNKNOWN");
        }
    }

    @Test
    void afterAFinishedRunPublishesTheOutputsAndMovesTheObject() throws Exception {
        String bucket = newBucket();
        s3.put(bucket, "incoming/users_20260101T000000.csv", "email\na@example.com\n");
        Path report = Files.writeString(work.resolve("run-report.json"), "{\"rows\":1}");
        Path errors = Files.writeString(work.resolve("user_errors.csv"), "row_number,error,failed_at,email\n");
        try (S3Source source = source(bucket, Map.of("source.s3.prefix", "incoming/",
                "source.s3.after-success", "move", "source.s3.move-prefix", "done", "source.s3.output-prefix", "reports/"))) {
            SourceFile file = source.newest().orElseThrow();

            source.afterRun(file, true, report, errors); // a dry run changes nothing
            assertThat(s3.keys(bucket)).containsExactly("incoming/users_20260101T000000.csv");

            assertThat(source.finishRun(file, false, report, errors)).isEmpty();
            assertThat(s3.keys(bucket)).containsExactly("done/users_20260101T000000.csv",
                    "reports/users_20260101T000000.run-report.json", "reports/users_20260101T000000.user_errors.csv");
            assertThat(s3.get(bucket, "done/users_20260101T000000.csv")).isEqualTo("email\na@example.com\n");
            assertThat(s3.get(bucket, "reports/users_20260101T000000.run-report.json")).isEqualTo("{\"rows\":1}");
            assertThat(s3.get(bucket, "reports/users_20260101T000000.user_errors.csv")).startsWith("row_number,");
            assertThat(source.newest()).isEmpty(); // moved out of the way of the next run
        }
    }

    @Test
    void keepsTheObjectAndPublishesNothingByDefault() throws Exception {
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\n");
        Path report = Files.writeString(work.resolve("run-report.json"), "{}");
        try (S3Source source = source(bucket, Map.of())) {
            source.afterRun(source.newest().orElseThrow(), false, report, work.resolve("user_errors.csv"));
        }
        assertThat(s3.keys(bucket)).containsExactly("users_20260101T000000.csv");
    }

    @Test
    void taggingOnAStoreWithoutObjectTagsFailsClearlyAndLeavesTheObject() throws Exception {
        // S3Proxy 2.9 answers NotImplemented to ?tagging; AWS S3, MinIO and Ceph support it.
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\n");
        try (S3Source source = source(bucket, Map.of("source.s3.after-success", "tag"))) {
            SourceFile file = source.newest().orElseThrow();
            assertThat(source.finishRun(file, false, work.resolve("r.json"), work.resolve("e.csv")))
                    .containsExactly("cannot tag s3://" + bucket + "/users_20260101T000000.csv: this S3 store does not support it (NotImplemented)");
        }
        assertThat(s3.keys(bucket)).containsExactly("users_20260101T000000.csv");
    }

    @Test
    void aKeyThatClimbsOutOfItsFolderNeverReachesALocalFileNorAnotherPrefix() throws Exception {
        String bucket = newBucket();
        Path report = Files.writeString(work.resolve("run-report.json"), "{}");
        try (S3Source source = source(bucket, Map.of("source.s3.after-success", "move", "source.s3.output-prefix", "reports/"))) {
            SourceFile named = source.named("s3://" + bucket + "/../../etc/passwd");
            assertThat(named.name()).isEqualTo("s3://" + bucket + "/../../etc/passwd");
            assertThatThrownBy(named::open).isInstanceOf(SourceException.class) // S3Proxy: 400; never the local file
                    .hasMessageStartingWith("cannot read s3://" + bucket + "/../../etc/passwd").message().doesNotContain("root:");

            // an object whose name is only dots: what is written for it stays under its prefix
            String dots = "incoming/...";
            s3.put(bucket, dots, "email\n");
            source.afterRun(source.named("s3://" + bucket + "/" + dots), false, report, work.resolve("none.csv"));
        }
        assertThat(s3.keys(bucket)).containsExactly("processed/___", "reports/___.run-report.json");
        try (var files = Files.walk(work)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(report);
        }
    }

    @Test
    void aKeyThatLooksLikeACamelExpressionIsMovedAsItIsNeverEvaluated() throws Exception {
        // camel-aws2-s3 reads a key header holding ${...} as a Simple expression: a name in the bucket
        // could call the application's beans (here: close the S3 calls) or fail the move
        String bucket = newBucket();
        String calls = "incoming/${bean:s3Calls?method=close}users_20260101T000000.csv";
        String unknown = "incoming/${nosuchfunction}users_20260102T000000.csv";
        s3.put(bucket, calls, "email\n");
        s3.put(bucket, unknown, "email\n");
        Path report = Files.writeString(work.resolve("run-report.json"), "{}");
        try (S3Source source = source(bucket, Map.of("source.s3.after-success", "move", "source.s3.output-prefix", "reports/"))) {
            assertThat(source.finishRun(source.named("s3://" + bucket + "/" + calls), false, report, work.resolve("none.csv"))).isEmpty();
            assertThat(source.finishRun(source.named("s3://" + bucket + "/" + unknown), false, report, work.resolve("none.csv"))).isEmpty();
        }
        assertThat(s3.keys(bucket)).contains("processed/__bean_s3Calls_method_close_users_20260101T000000.csv",
                "processed/__nosuchfunction_users_20260102T000000.csv").doesNotContain(calls, unknown);
    }

    @Test
    void anOutputPrefixThatLooksLikeACamelExpressionIsRefusedNotEvaluated() throws Exception {
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\n");
        Path report = Files.writeString(work.resolve("run-report.json"), "{}");
        try (S3Source source = source(bucket, Map.of("source.s3.output-prefix", "reports/${date:now:yyyy}/"))) {
            assertThat(source.finishRun(source.newest().orElseThrow(), false, report, work.resolve("none.csv"))).containsExactly(
                    "cannot upload s3://" + bucket + "/reports/${date:now:yyyy}/users_20260101T000000.run-report.json: its name holds '${',"
                            + " which Camel's aws2-s3 component would evaluate");
        }
        assertThat(s3.keys(bucket)).containsExactly("users_20260101T000000.csv");
    }

    @Test
    void aCallCamelCanNoLongerMakeIsOneSentenceAndTheFinishedRunStands() throws Exception {
        // Camel stopping (SIGTERM) under a run that is finishing: the step fails in words, never with Camel's exception
        String bucket = newBucket();
        s3.put(bucket, "users_20260101T000000.csv", "email\n");
        S3Settings settings = settings(bucket, Map.of("source.s3.after-success", "move"));
        io.intercomsync.camel.S3Endpoints endpoints = new io.intercomsync.camel.S3Endpoints(S3Source.client(settings, GOOD));
        Properties p = new Properties();
        p.setProperty("source.s3.bucket", bucket);
        p.setProperty("camel.main.routes-include-pattern", io.intercomsync.camel.CamelApp.routes(Path.of("").toAbsolutePath(), "s3"));
        io.intercomsync.camel.CamelApp app = io.intercomsync.camel.CamelApp.start(Path.of("").toAbsolutePath(), p, endpoints.beans());
        try (S3Source source = new S3Source(settings, NAMES, endpoints, "us-east-1")) {
            SourceFile file = source.newest().orElseThrow();
            app.close();
            assertThat(source.finishRun(file, false, work.resolve("r.json"), work.resolve("e.csv"))).singleElement()
                    .asString().startsWith("the S3 call direct:s3-copy-object did not run: ").doesNotContain("\n");
        }
        assertThat(s3.keys(bucket)).containsExactly("users_20260101T000000.csv");
    }
}
