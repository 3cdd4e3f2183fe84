package io.intercomsync.imports;

import io.intercomsync.sync.RowTask;
import io.intercomsync.sync.SyncEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file's rows (parse and map) on a thread of its own, in batches, a few batches ahead of the thread
 * that settles them against the ledger and hands them to the writers: on a re-run where most rows are
 * unchanged those are the two halves of the per-row work, and this lets two cores share them. Hand-written
 * because a Camel seda hop would cost an exchange per row, which is what the reader's batches avoid.
 */
final class BatchReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchReader.class);
    /** Batches read and not yet taken; with the one in the reader's hand and the one being settled, 4 x {@link SyncEngine#READ_AHEAD} rows at most. */
    static final int BATCHES_AHEAD = 2;

    /**
     * Rows read in file order; {@code last}: nothing comes after this batch, because the file ended or,
     * when {@code unreadable} is set, stopped being readable (the rows before it are still written).
     */
    record Batch(List<RowTask> rows, RuntimeException unreadable, boolean last) {
    }

    private final Iterator<RowTask> rows;
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    /** What ended the reader thread past its own catches (never expected); read by {@link #take}. */
    private volatile Throwable died;
    private volatile long triedAhead; // written by the reader thread only
    /** Rows handed on whose fingerprint may still be missing, in file order; the reader thread's own. */
    private final java.util.ArrayDeque<RowTask> unfingerprinted = new java.util.ArrayDeque<>();

    BatchReader(Iterator<RowTask> rows) {
        this.rows = rows;
        this.thread = new Thread(this::readAll, "csv-reader");
        this.thread.setDaemon(true); // never keeps the JVM alive: close() stops it, an exit does too
    }

    /** The next batch in file order; the first call starts the reading. */
    Batch take() throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            thread.start();
        }
        while (true) {
            Batch b = ready.poll(1, TimeUnit.SECONDS);
            if (b != null) {
                return b;
            }
            if (!thread.isAlive() && ready.isEmpty()) {
                // never expected (the reader hands on every failure), but a split waiting forever is worse than a failed run
                Throwable why = died;
                return new Batch(List.of(), why == null ? new CsvFileException("reading the file stopped unexpectedly")
                        : new CsvFileException("reading the file stopped: " + (why instanceof Error e ? SyncEngine.describe(e)
                        : why.getClass().getSimpleName() + ": " + why.getMessage()), why), true);
            }
        }
    }

    private void readAll() {
        try {
            boolean last = false;
            while (!last && !closed) {
                List<RowTask> batch = new ArrayList<>(SyncEngine.READ_AHEAD);
                RuntimeException unreadable = null;
                try {
                    while (batch.size() < SyncEngine.READ_AHEAD && rows.hasNext()) {
                        batch.add(rows.next());
                    }
                    last = batch.size() < SyncEngine.READ_AHEAD;
                } catch (RuntimeException e) {
                    unreadable = e;
                    last = true;
                } catch (Error e) {
                    LOG.debug("Reading the file failed", e);
                    unreadable = new CsvFileException("reading the file stopped: " + SyncEngine.describe(e), e);
                    last = true;
                }
                for (RowTask task : batch) {
                    if (task.mapped() != null && task.mappingError() == null) {
                        unfingerprinted.addLast(task);
                    }
                }
                while (unfingerprinted.size() > (BATCHES_AHEAD + 1) * SyncEngine.READ_AHEAD) {
                    unfingerprinted.pollFirst(); // the oldest: settled by now, or about to be
                }
                Batch b = new Batch(batch, unreadable, last);
                // offered, not put: once the run stopped taking batches, close() ends this thread
                boolean queued = false;
                while (!closed && !queued) {
                    // while the settling thread is behind, take some of its work instead of waiting
                    queued = ready.offer(b) || (!fingerprintAhead() && ready.offer(b, 100, TimeUnit.MILLISECONDS));
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting
        } catch (Throwable e) {
            died = e; // take() ends the rows with this, instead of the split waiting
            LOG.debug("The reader thread stopped", e);
        }
    }

    /** Fingerprints the reader tried to compute ahead, failed or not (tests). */
    long fingerprintsTriedAhead() {
        return triedAhead;
    }

    /** Whether the reader thread is still running (tests). */
    boolean reading() {
        return thread.isAlive();
    }

    /**
     * Computes fingerprints of rows read and not yet settled, the newest first (the settling thread takes the
     * oldest): on a re-run most rows are unchanged, and fingerprinting them is most of the settling's work.
     * False once no such row is left.
     */
    private boolean fingerprintAhead() {
        for (int done = 0; done < 16; ) {
            RowTask task = unfingerprinted.pollLast();
            if (task == null) {
                return done > 0;
            }
            if (!task.hasFingerprint()) {
                triedAhead++;
                try {
                    task.contactFingerprint();
                } catch (RuntimeException | Error e) {
                    // only a head start: the settling or the writing computes it again and fails the row there;
                    // an Error here (out of memory while the row's JSON was written) must not take the batch in
                    // hand, nor the reader thread, with it
                }
                done++;
            }
        }
        return true;
    }

    /** Stops the reading (the run ended or stopped); the file itself is closed by its owner afterwards. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        // waited for even when the closing thread was interrupted (a forced shutdown): the file is closed next,
        // and closing it under a reader still inside it is what this wait is for
        boolean interrupted = false;
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (thread.isAlive()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
