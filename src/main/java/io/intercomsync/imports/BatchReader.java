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
 * Reads a file's rows on a thread of its own, in batches, a few batches ahead of the thread that settles
 * them against the ledger and hands them to the writers, so two cores share the per-row work: while the
 * settling is behind, the reader also does some of its work ({@link Ahead}: the ledger's query for a batch,
 * the rows' mapping and fingerprints). Hand-written
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

    /** The settling's work the reader may do ahead while the settling is behind: a head start only, failures ignored. */
    interface Ahead {
        /** Reads the ledger's entries for these rows ({@code SyncEngine.lookUp}). */
        void lookUp(List<RowTask> batch);

        /** Maps the row, and fingerprints its body, as far as its settling will need ({@code SyncEngine.prepare}). */
        void prepare(RowTask task);
    }

    /** Does no work ahead (tests). */
    static final Ahead NOTHING_AHEAD = new Ahead() {
        @Override
        public void lookUp(List<RowTask> batch) {
        }

        @Override
        public void prepare(RowTask task) {
        }
    };

    private final Iterator<RowTask> rows;
    private final Ahead ahead;
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    /** What ended the reader thread past its own catches (never expected); read by {@link #take}. */
    private volatile Throwable died;
    private volatile long lookedUpAhead; // written by the reader thread only
    private volatile long preparedAhead; // written by the reader thread only
    /** Rows handed on, from batches the reader looked up, that may still need preparing, in file order; the reader thread's own. */
    private final java.util.ArrayDeque<RowTask> unprepared = new java.util.ArrayDeque<>();

    BatchReader(Iterator<RowTask> rows, Ahead ahead) {
        this.rows = rows;
        this.ahead = ahead;
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
                Batch b = new Batch(batch, unreadable, last);
                // offered, not put: once the run stopped taking batches, close() ends this thread
                boolean queued = ready.offer(b);
                if (!queued && !closed && lookUpAhead(batch)) {
                    // only rows whose ledger entries are known here: preparing the others might be work for nothing
                    unprepared.addAll(batch);
                    while (unprepared.size() > (BATCHES_AHEAD + 1) * SyncEngine.READ_AHEAD) {
                        unprepared.pollFirst(); // the oldest: settled by now, or about to be
                    }
                }
                while (!closed && !queued) {
                    // while the settling thread is behind, take some of its work instead of waiting
                    queued = ready.offer(b) || (!prepareAhead() && ready.offer(b, 100, TimeUnit.MILLISECONDS));
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting
        } catch (Throwable e) {
            died = e; // take() ends the rows with this, instead of the split waiting
            LOG.debug("The reader thread stopped", e);
        }
    }

    /**
     * The settling thread is behind: this batch's ledger query, the largest part of settling it on a re-run,
     * is made here while the batch waits for its turn, and the settling finds the entries read. False when it
     * failed (the settling asks again, and a ledger that is down fails the run there).
     */
    private boolean lookUpAhead(List<RowTask> batch) {
        try {
            ahead.lookUp(batch);
            lookedUpAhead++;
            return true;
        } catch (RuntimeException | Error e) {
            LOG.debug("Reading the ledger ahead of the settling failed", e);
            return false;
        }
    }

    /** Batches whose ledger entries the reader looked up ahead (tests). */
    long batchesLookedUpAhead() {
        return lookedUpAhead;
    }

    /** Rows the reader tried to prepare ahead, failed or not (tests). */
    long rowsPreparedAhead() {
        return preparedAhead;
    }

    /** Whether the reader thread is still running (tests). */
    boolean reading() {
        return thread.isAlive();
    }

    /**
     * Prepares rows read and not yet settled ({@link Ahead#prepare}), the newest first (the settling thread
     * takes the oldest): mapping a row and fingerprinting its body are most of settling a row the ledger does
     * not know by its digest. False once no such row is left.
     */
    private boolean prepareAhead() {
        for (int done = 0; done < 16; done++) {
            RowTask task = unprepared.pollLast();
            if (task == null) {
                return done > 0;
            }
            preparedAhead++;
            try {
                ahead.prepare(task);
            } catch (RuntimeException | Error e) {
                // only a head start: the settling or the writing does it again and fails the row there; an Error
                // here (out of memory while the row's JSON was written) must not take the batch in hand, nor the
                // reader thread, with it
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
