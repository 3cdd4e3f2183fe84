package io.intercomsync.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class S3KeysTest {
    private final TimestampedName names = new TimestampedName("users_{timestamp}.csv", "yyyyMMdd'T'HHmmss");

    @Test
    void aPrefixIsAFolder() {
        assertThat(S3Keys.folder(null)).isEmpty();
        assertThat(S3Keys.folder("")).isEmpty();
        assertThat(S3Keys.folder("/")).isEmpty();
        assertThat(S3Keys.folder("incoming")).isEqualTo("incoming/");
        assertThat(S3Keys.folder("/exports/users/")).isEqualTo("exports/users/");
    }

    @Test
    void candidatesAreKeysDirectlyInTheFolderOrderedByTheTimestampInTheName() {
        Stream<String> keys = Stream.of(
                "in/users_20240101T000000.csv",
                "in/users_20240301T120000.csv",
                "in/users_20240201T000000.csv",
                "in/sub/users_20991231T000000.csv",
                "in/users_20991231T000000.csv.tmp",
                "in/",
                "inbox/users_20991231T000000.csv",
                "users_20991231T000000.csv");
        assertThat(S3Keys.matching(keys, "in/", names)).containsExactly(
                "in/users_20240101T000000.csv", "in/users_20240201T000000.csv", "in/users_20240301T120000.csv");
        assertThat(S3Keys.matching(Stream.of("users_20240101T000000.csv", "a/users_20990101T000000.csv"), "", names))
                .containsExactly("users_20240101T000000.csv");
        assertThat(S3Keys.matching(Stream.of("in/readme.txt"), "in/", names)).isEmpty();
    }

    @Test
    void outputsAndArchivedObjectsAreNamedAfterTheInputUnderTheirPrefix() {
        assertThat(S3Keys.reportKey("reports", "in/users_20240301T120000.csv")).isEqualTo("reports/users_20240301T120000.run-report.json");
        assertThat(S3Keys.errorsKey("reports/", "in/users_20240301T120000.csv")).isEqualTo("reports/users_20240301T120000.user_errors.csv");
        assertThat(S3Keys.errorsKey("", "users.CSV")).isEqualTo("users.user_errors.csv");
        assertThat(S3Keys.movedKey("processed/", "in/users_20240301T120000.csv")).isEqualTo("processed/users_20240301T120000.csv");
    }

    @Test
    void noKeyCanNameAFileOutsideTheFolderItIsWrittenTo(@TempDir Path work) {
        for (String key : List.of("../../etc/passwd", "..", ".", "", "a/..", "a/.", "in/...", "..\\..\\windows\\win.ini",
                "in/users\u0000.csv", "in/na\u00efve /x:y*?.csv", "in/" + "x".repeat(1000), "/", "a//")) {
            String name = S3Keys.safeName(key);
            assertThat(name).as(key).isNotEmpty().doesNotContain("/").doesNotContain("\\").isNotIn(".", "..")
                    .matches("[A-Za-z0-9._-]{1,200}");
            Path resolved = work.resolve(name).normalize();
            assertThat(resolved.getParent()).as(key).isEqualTo(work);
            for (String written : List.of(S3Keys.movedKey("processed/", key), S3Keys.reportKey("reports/", key),
                    S3Keys.errorsKey("reports/", key))) {
                assertThat(written).as(key).startsWith(written.startsWith("processed/") ? "processed/" : "reports/");
                assertThat(written.split("/")).as(key).hasSize(2).doesNotContain("..", ".", "");
            }
        }
        assertThat(S3Keys.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(S3Keys.safeName("in/..")).isEqualTo("__");
    }

    @Test
    void anS3AddressNeedsABucketAndAKey() {
        assertThat(S3Uri.parse("s3://bucket/in/users.csv")).isEqualTo(new S3Uri("bucket", "in/users.csv"));
        assertThat(S3Uri.parse("s3://bucket/in/users.csv").toString()).isEqualTo("s3://bucket/in/users.csv");
        assertThat(S3Uri.isS3("/tmp/s3://x")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3Uri.parse("s3://bucket/"))
                .isInstanceOf(SourceException.class).hasMessageContaining("s3://bucket/key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3Uri.parse("s3:///key"))
                .isInstanceOf(SourceException.class);
    }

    @Test
    void theListingGoesOnPastASubFolderWithoutSkippingAKeyAfterIt() {
        assertThat(S3Keys.nextMarker("incoming/", "incoming/users_20260101T000000.csv")).isEqualTo("incoming/users_20260101T000000.csv");
        String past = S3Keys.nextMarker("incoming/", "incoming/2025-01/users_20990101T000000.csv");
        assertThat(past).isEqualTo("incoming/2025-01/\uFFFD");
        assertThat(S3Keys.nextMarker("", "processed/a.csv")).isEqualTo("processed/\uFFFD");
        // every key listed after the sub-folder sorts after the marker; keys inside it before
        // (incoming/2025-01.csv comes before the sub-folder: '.' sorts before '/')
        assertThat(S3Keys.compareKeys("incoming/2025-01.csv", "incoming/2025-01/")).isNegative();
        for (String after : new String[]{"incoming/2025-010/x", "incoming/2025-01~", "incoming/2025-02/x", "incoming/users.csv"}) {
            assertThat(S3Keys.compareKeys(after, past)).as(after).isPositive();
        }
        assertThat(S3Keys.compareKeys("incoming/2025-01/zzz", past)).isNegative();
    }

    @Test
    void keysAreOrderedAsS3OrdersThemByTheirUtf8Bytes() {
        // U+1F600 is after U+FFFD in UTF-8 (and in S3's listing), before it in Java's UTF-16 order
        assertThat(S3Keys.compareKeys("a/\uD83D\uDE00", "a/\uFFFD")).isPositive();
        assertThat("a/\uD83D\uDE00".compareTo("a/\uFFFD")).isNegative();
        assertThat(S3Keys.compareKeys("a", "ab")).isNegative();
        assertThat(S3Keys.compareKeys("ab", "ab")).isZero();
    }
}
