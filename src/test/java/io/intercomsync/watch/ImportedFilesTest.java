package io.intercomsync.watch;

import io.intercomsync.ledger.LedgerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ImportedFilesTest {
    private static final String SOURCE = "inbox";
    private static final Duration STALE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<ImportedFiles> opened = new ArrayList<>();

    private ImportedFiles open(String owner) {
        ImportedFiles f = ImportedFiles.open(LedgerSettings.of("jdbc:sqlite:" + dir.resolve("state.db")), owner, 3, STALE);
        opened.add(f);
        return f;
    }

    @AfterEach
    void close() {
        opened.forEach(ImportedFiles::close);
    }

    @Test
    void aFileIsClaimedByOneWatcherAndIsNeverDueAgainOnceDone() {
        ImportedFiles a = open("a");
        ImportedFiles b = open("b");
        assertThat(a.due(SOURCE, List.of("f1", "f2"), 1000)).containsExactly("f1", "f2");
        assertThat(a.claim(SOURCE, "f1", 1000)).isTrue();
        assertThat(b.claim(SOURCE, "f1", 1001)).isFalse();
        a.done(SOURCE, "f1", "succeeded", 2000);
        assertThat(b.due(SOURCE, List.of("f1", "f2"), 3000)).containsExactly("f2");
        assertThat(b.claim(SOURCE, "f1", 3000)).isFalse();
    }

    @Test
    void aRunThatStoppedIsTriedAgainUntilItsAttemptsAreUsed() {
        ImportedFiles a = open("a");
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(a.due(SOURCE, List.of("f"), attempt * 1000L)).as("attempt " + attempt).containsExactly("f");
            assertThat(a.claim(SOURCE, "f", attempt * 1000L)).isTrue();
            a.failed(SOURCE, "f", "bad token", attempt * 1000L + 1);
        }
        assertThat(a.due(SOURCE, List.of("f"), 10_000)).isEmpty();
        assertThat(a.claim(SOURCE, "f", 10_000)).isFalse();
    }

    @Test
    void aFileThatChangesAfterItWasImportedIsDueAgainWithFreshAttemptsButNotWhileItIsRunning() {
        ImportedFiles a = open("a");
        ImportedFiles b = open("b");
        assertThat(a.claim(SOURCE, "f", "100 bytes", 1000)).isTrue();
        assertThat(b.due(SOURCE, java.util.Map.of("f", "250 bytes"), 1500)).as("running, fresh: not taken").isEmpty();
        assertThat(b.claim(SOURCE, "f", "250 bytes", 1500)).isFalse();
        a.done(SOURCE, "f", "succeeded", 2000);
        assertThat(b.due(SOURCE, java.util.Map.of("f", "100 bytes"), 3000)).as("unchanged").isEmpty();
        assertThat(b.due(SOURCE, java.util.Map.of("f", "250 bytes"), 3000)).containsExactly("f");
        assertThat(b.claim(SOURCE, "f", "250 bytes", 3000)).isTrue();
        assertThat(a.claim(SOURCE, "f", "250 bytes", 3001)).as("one claim per version").isFalse();
        // the changed file's runs have attempts of their own
        for (int attempt = 1; attempt <= 3; attempt++) {
            b.failed(SOURCE, "f", "unreachable", 4000 + attempt);
            assertThat(b.due(SOURCE, java.util.Map.of("f", "250 bytes"), 5000)).as("attempt " + attempt).hasSize(attempt < 3 ? 1 : 0);
            if (attempt < 3) {
                assertThat(b.claim(SOURCE, "f", "250 bytes", 5000)).isTrue();
            }
        }
        assertThat(b.due(SOURCE, java.util.Map.of("f", "900 bytes"), 6000)).as("given up, then changed again").containsExactly("f");
    }

    @Test
    void aFileClaimedWithoutAVersionIsNeverTakenForChanged() {
        ImportedFiles a = open("a");
        assertThat(a.claim(SOURCE, "f", 1000)).isTrue(); // an S3 object, or a file claimed before versions were kept
        a.done(SOURCE, "f", "succeeded", 2000);
        assertThat(a.due(SOURCE, java.util.Map.of("f", "100 bytes"), 3000)).isEmpty();
        assertThat(a.claim(SOURCE, "f", "100 bytes", 3000)).isFalse();
    }

    @Test
    void theClaimOfAProcessThatStoppedBeatingIsTakenOver() {
        ImportedFiles dead = open("dead");
        ImportedFiles alive = open("alive");
        assertThat(dead.claim(SOURCE, "f", 0)).isTrue();
        dead.heartbeat(SOURCE, "f", 30_000);
        assertThat(alive.claim(SOURCE, "f", 60_000)).as("heartbeat 30 s ago is fresh").isFalse();
        assertThat(alive.due(SOURCE, List.of("f"), 90_001)).containsExactly("f");
        assertThat(alive.claim(SOURCE, "f", 90_001)).isTrue();
        dead.done(SOURCE, "f", "succeeded", 90_002); // the old owner's late word does not count
        assertThat(alive.due(SOURCE, List.of("f"), 90_003)).isEmpty(); // running, fresh, ours
        alive.done(SOURCE, "f", "succeeded", 90_004);
        assertThat(alive.due(SOURCE, List.of("f"), 10_000_000)).isEmpty();
    }

    @Test
    void manyWatchersRacingForOneFileLetExactlyOneHaveIt() throws Exception {
        List<ImportedFiles> watchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            watchers.add(open("w" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int file = 0; file < 20; file++) {
            String name = "f" + file;
            AtomicInteger winners = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ImportedFiles w = watchers.get(t % watchers.size());
                futures.add(pool.submit(() -> {
                    if (w.claim(SOURCE, name, 1000)) {
                        winners.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(winners.get()).as(name).isEqualTo(1);
        }
        pool.shutdown();
    }
}
