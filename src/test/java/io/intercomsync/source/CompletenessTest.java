package io.intercomsync.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletenessTest {
    private final Completeness quiet2s = new Completeness(Duration.ofSeconds(2), null, Duration.ofMinutes(1));

    @Test
    void aFileLeftAloneForTheQuietPeriodIsCompleteAndOneChangedJustNowIsNot() {
        Completeness.Verdict fresh = quiet2s.judge(null, new Completeness.Look(100, 10_000, 10_500, false));
        assertThat(fresh.complete()).isFalse();
        assertThat(fresh.reason()).isEqualTo("it changed 500 ms ago and is read once it has been left alone for"
                + " source.stable-ms=2000 ms (it may still be being written)");
        assertThat(fresh.lookAgainInMs()).isEqualTo(1_500);
        assertThat(quiet2s.judge(null, new Completeness.Look(100, 10_000, 12_000, false)).complete()).isTrue();
    }

    @Test
    void aModificationTimeInTheFutureCountsOnlyOnceTwoLooksThatFarApartAgree() {
        Completeness.Look first = new Completeness.Look(100, 99_000, 10_000, false); // the file server's clock is ahead
        assertThat(quiet2s.judge(null, first).complete()).isFalse();
        assertThat(quiet2s.judge(first, new Completeness.Look(100, 99_000, 11_000, false)).complete()).isFalse();
        assertThat(quiet2s.judge(first, new Completeness.Look(100, 99_000, 12_000, false)).complete()).isTrue();
        assertThat(quiet2s.judge(first, new Completeness.Look(180, 99_500, 12_000, false)).complete()).as("it grew").isFalse();
    }

    @Test
    void withADoneMarkerOnlyTheMarkerCountsAndItsNameFollowsCamelsTokens() {
        Completeness marked = new Completeness(Duration.ofSeconds(2), "${file:name.noext}.done", Duration.ofMinutes(1));
        assertThat(marked.markerFor("users_20260101T000000.csv")).isEqualTo("users_20260101T000000.done");
        assertThat(new Completeness(Duration.ZERO, "${file:name}.ok", Duration.ZERO).markerFor("a.csv")).isEqualTo("a.csv.ok");
        assertThat(marked.judge(null, new Completeness.Look(100, 0, 1_000_000, false)).reason())
                .isEqualTo("its done marker (source.done-marker=${file:name.noext}.done) is not there yet");
        assertThat(marked.judge(null, new Completeness.Look(100, 999_999, 1_000_000, true)).complete()).isTrue();
        assertThat(quiet2s.markerFor("a.csv")).isNull();
    }

    @Test
    void aMarkerNamingAFolderOrTheFileItselfIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new Completeness(Duration.ZERO, "../done/${file:name}", Duration.ZERO))
                .hasMessageStartingWith("source.done-marker=../done/${file:name} must be a file name");
        assertThatThrownBy(() -> new Completeness(Duration.ZERO, "${file:name}", Duration.ZERO))
                .hasMessageContaining("names the file itself");
    }

    @Test
    void theLocalFolderLooksAtTheFileOnDisk(@TempDir Path dir) throws Exception {
        TimestampedName names = new TimestampedName("users_{timestamp}.csv", "yyyyMMdd'T'HHmmss");
        LocalFolderSource folder = new LocalFolderSource(dir, names, new Completeness(Duration.ofMinutes(5), null, Duration.ZERO));
        Path file = Files.writeString(dir.resolve("users_20260101T000000.csv"), "email\n");
        assertThat(folder.completeness(new LocalFile(file)).complete()).isFalse();
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(6).toMillis()));
        assertThat(folder.completeness(new LocalFile(file)).complete()).isTrue();

        LocalFolderSource marked = new LocalFolderSource(dir, names, new Completeness(Duration.ZERO, "${file:name}.done", Duration.ZERO));
        assertThat(marked.completeness(new LocalFile(file)).complete()).isFalse();
        Files.createFile(dir.resolve("users_20260101T000000.csv.done"));
        assertThat(marked.completeness(new LocalFile(file)).complete()).isTrue();
        assertThat(marked.matching()).as("the marker is not a candidate").hasSize(1);
    }
}
