package io.intercomsync.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFolderSourceTest {
    @TempDir
    Path folder;

    private final TimestampedName names = new TimestampedName("users_{timestamp}.csv", "yyyyMMdd'T'HHmmss");

    private Path file(String name, Instant modified) throws Exception {
        Path p = Files.writeString(folder.resolve(name), "email\n");
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void picksTheNewestTimestampInTheNameNotTheNewestModificationTime() throws Exception {
        file("users_20240101T000000.csv", Instant.parse("2025-01-01T00:00:00Z"));
        Path newest = file("users_20240301T120000.csv", Instant.parse("2020-01-01T00:00:00Z"));
        file("users_20240201T000000.csv", Instant.parse("2026-01-01T00:00:00Z"));
        LocalFolderSource source = new LocalFolderSource(folder, names);
        assertThat(source.newest()).contains(new LocalFile(newest));
        assertThat(source.matchingPaths()).last().isEqualTo(newest);
        assertThat(source.matchingPaths()).extracting(p -> p.getFileName().toString())
                .containsExactly("users_20240101T000000.csv", "users_20240201T000000.csv", "users_20240301T120000.csv");
    }

    @Test
    void ignoresNamesThatDoNotMatchThePatternOrTheTimestampFormat() throws Exception {
        Path only = file("users_20240101T000000.csv", Instant.now());
        file("users_20991231T000000.csv.tmp", Instant.now());
        file("contacts_20991231T000000.csv", Instant.now());
        file("users_latest.csv", Instant.now());
        file("users_20991399T000000.csv", Instant.now()); // month 13
        Files.createDirectory(folder.resolve("users_20991231T000000.csv"));
        assertThat(new LocalFolderSource(folder, names).matchingPaths()).containsExactly(only);
    }

    @Test
    void findsNothingInAFolderWithoutMatchingFiles() throws Exception {
        file("readme.txt", Instant.now());
        LocalFolderSource source = new LocalFolderSource(folder, names);
        assertThat(source.newest()).isEmpty();
        assertThat(source.noMatchMessage()).contains("users_{timestamp}.csv");
    }

    @Test
    void saysClearlyWhenTheFolderDoesNotExist() {
        assertThatThrownBy(() -> new LocalFolderSource(folder.resolve("nope"), names).newest())
                .isInstanceOf(SourceException.class).hasMessageContaining("does not exist");
    }

    @Test
    void acceptsDateOnlyFormatsAndWildcards() {
        TimestampedName daily = new TimestampedName("*export-{timestamp}.csv", "yyyy-MM-dd");
        assertThat(daily.timestampOf("acme-export-2024-03-01.csv")).contains(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
        assertThat(daily.timestampOf("acme-export-2024-03-01.csv.gz")).isEmpty();
    }

    @Test
    void refusesAPatternWithoutExactlyOneTimestamp() {
        assertThatThrownBy(() -> new TimestampedName("users.csv", "yyyy")).hasMessageContaining("{timestamp}");
        assertThatThrownBy(() -> new TimestampedName("{timestamp}_{timestamp}.csv", "yyyy")).hasMessageContaining("exactly once");
    }
}
