package io.intercomsync.imports;

import io.intercomsync.mapping.ContactKey;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.sync.KeySequencer;
import io.intercomsync.sync.RowTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BatchReaderTest {
    private static final BatchReader.Ahead NO_LOOKUP = BatchReader.NOTHING_AHEAD;

    /** Ahead work that looks batches up with {@code lookUp} and prepares rows with {@code prepare}. */
    private static BatchReader.Ahead ahead(java.util.function.Consumer<List<RowTask>> lookUp, java.util.function.Consumer<RowTask> prepare) {
        return new BatchReader.Ahead() {
            @Override
            public void lookUp(List<RowTask> batch) {
                lookUp.accept(batch);
            }

            @Override
            public void prepare(RowTask task) {
                prepare.accept(task);
            }
        };
    }

    /** Rows 1..{@code count}, then (when failAfter > 0) a file that stops being readable after row failAfter. */
    private static Iterator<RowTask> rows(long count, long failAfter) {
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                if (failAfter > 0 && n == failAfter) {
                    throw new CsvFileException("the file cannot be read after line " + (n + 1) + ": disk gone", null);
                }
                return n < count;
            }

            @Override
            public RowTask next() {
                n++;
                return RowTask.rejected(n, List.of("row " + n), "test row");
            }
        };
    }

    @Test
    void handsOutEveryRowInFileOrderAndMarksTheLastBatch() throws Exception {
        List<Long> seen = new ArrayList<>();
        try (BatchReader reader = new BatchReader(rows(1_000, 0), NO_LOOKUP)) {
            BatchReader.Batch b;
            do {
                b = reader.take();
                assertThat(b.unreadable()).isNull();
                b.rows().forEach(r -> seen.add(r.rowNumber()));
            } while (!b.last());
        }
        assertThat(seen).hasSize(1_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void aFileThatStopsBeingReadableEndsWithTheRowsReadBeforeAndTheReason() throws Exception {
        List<Long> seen = new ArrayList<>();
        BatchReader.Batch b;
        try (BatchReader reader = new BatchReader(rows(1_000, 300), NO_LOOKUP)) {
            do {
                b = reader.take();
                b.rows().forEach(r -> seen.add(r.rowNumber()));
            } while (!b.last());
        }
        assertThat(seen).hasSize(300).endsWith(300L);
        assertThat(b.unreadable()).hasMessage("the file cannot be read after line 301: disk gone");
    }

    @Test
    void closingARunThatStoppedTakingBatchesEndsTheReaderThread() throws Exception {
        BatchReader reader = new BatchReader(rows(Long.MAX_VALUE, 0), NO_LOOKUP); // more rows than will ever be taken
        assertThat(reader.take().rows()).hasSize(256);
        reader.close(); // the reader is blocked on a full queue: a run that stopped (abort) must not leave it there
        assertThat(reader.reading()).isFalse();
    }

    /** Mapped rows whose contact cannot be fingerprinted: iterating it throws {@code error} (say, out of memory). */
    private static Iterator<RowTask> unfingerprintable(long count, Error error) {
        KeySequencer sequencer = new KeySequencer();
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return n < count;
            }

            @Override
            public RowTask next() {
                n++;
                Map<String, Object> contact = new java.util.AbstractMap<>() {
                    @Override
                    public Set<Entry<String, Object>> entrySet() {
                        throw error;
                    }
                };
                MappedRow mapped = new MappedRow(new ContactKey(null, "u" + n, null), contact, Optional.empty());
                return RowTask.mapped(n, List.of("u" + n), mapped, sequencer.enter("u" + n));
            }
        };
    }

    @Test
    void anErrorWhileFingerprintingAheadLosesNoRowAndDoesNotKillTheReader() throws Exception {
        List<Long> seen = new ArrayList<>();
        BatchReader.Batch b;
        try (BatchReader reader = new BatchReader(unfingerprintable(2_000, new OutOfMemoryError("Java heap space")),
                ahead(batch -> { }, RowTask::contactFingerprint))) {
            b = reader.take();
            b.rows().forEach(r -> seen.add(r.rowNumber()));
            // the queue fills while nothing is taken: the reader then fingerprints the rows waiting in it
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (reader.rowsPreparedAhead() < 16) {
                assertThat(System.nanoTime()).as("the reader tried fingerprints ahead").isLessThan(until);
                Thread.onSpinWait();
            }
            while (!b.last()) {
                b = reader.take();
                b.rows().forEach(r -> seen.add(r.rowNumber()));
            }
        }
        // a fingerprint is only a head start: the settling computes it again and fails that row alone
        assertThat(b.unreadable()).isNull();
        assertThat(seen).hasSize(2_000);
    }

    @Test
    void closingFromAnInterruptedThreadStillWaitsForTheReaderBeforeTheFileIsClosed() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean fileClosed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean readAfterClose = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        Iterator<RowTask> slow = new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RowTask next() {
                n++;
                if (n == 300) { // a read that does not answer interrupts (a socket, a slow disk)
                    reading.countDown();
                    long until = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    if (fileClosed.get()) {
                        readAfterClose.set(true);
                    }
                }
                return RowTask.rejected(n, List.of("row " + n), "test row");
            }
        };
        BatchReader reader = new BatchReader(slow, NO_LOOKUP);
        reader.take();
        reading.await();
        Thread.currentThread().interrupt(); // the split's thread was interrupted (a forced shutdown)
        try {
            reader.close();
        } finally {
            assertThat(Thread.interrupted()).isTrue(); // the interrupt is kept for whoever asks next
        }
        assertThat(reader.reading()).as("close() returned only once the reader thread ended").isFalse();
        fileClosed.set(true); // what ImportRun.closeQuietly does next
        assertThat(readAfterClose).isFalse();
    }

    @Test
    void whileTheSettlingIsBehindTheReaderLooksUpTheBatchesWaitingForIt() throws Exception {
        List<Long> lookedUp = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> seen = new ArrayList<>();
        BatchReader.Batch b;
        try (BatchReader reader = new BatchReader(rows(2_000, 0),
                ahead(batch -> batch.forEach(r -> lookedUp.add(r.rowNumber())), task -> { }))) {
            b = reader.take();
            b.rows().forEach(r -> seen.add(r.rowNumber()));
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (reader.batchesLookedUpAhead() < 1) { // nothing is taken: the queue is full, the batch in hand waits
                assertThat(System.nanoTime()).as("the reader looked a batch up ahead").isLessThan(until);
                Thread.onSpinWait();
            }
            while (!b.last()) {
                b = reader.take();
                b.rows().forEach(r -> seen.add(r.rowNumber()));
            }
        }
        assertThat(seen).hasSize(2_000);
        // a whole batch that waited for room: one read after the two that filled the queue, never the first taken
        assertThat(lookedUp).hasSizeGreaterThanOrEqualTo(256).doesNotContain(1L, 256L);
        assertThat(lookedUp.get(0)).isIn(513L, 769L);
        for (int i = 1; i < 256; i++) {
            assertThat(lookedUp.get(i)).isEqualTo(lookedUp.get(0) + i);
        }
    }

    @Test
    void aLookUpThatFailsLosesNoRow() throws Exception {
        for (Throwable failure : List.of(new IllegalStateException("ledger gone"), new OutOfMemoryError("Java heap space"))) {
            List<Long> seen = new ArrayList<>();
            BatchReader.Batch b;
            java.util.concurrent.atomic.AtomicInteger tried = new java.util.concurrent.atomic.AtomicInteger();
            try (BatchReader reader = new BatchReader(rows(2_000, 0), ahead(batch -> {
                tried.incrementAndGet();
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }, task -> { }))) {
                b = reader.take();
                b.rows().forEach(r -> seen.add(r.rowNumber()));
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (tried.get() < 1) {
                    assertThat(System.nanoTime()).as("the reader tried a look-up ahead").isLessThan(until);
                    Thread.onSpinWait();
                }
                while (!b.last()) {
                    b = reader.take();
                    b.rows().forEach(r -> seen.add(r.rowNumber()));
                }
                assertThat(reader.batchesLookedUpAhead()).isZero();
            }
            assertThat(b.unreadable()).as(failure.toString()).isNull();
            assertThat(seen).as(failure.toString()).hasSize(2_000);
        }
    }
}
