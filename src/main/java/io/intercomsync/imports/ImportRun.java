package io.intercomsync.imports;

import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.report.Progress;
import io.intercomsync.report.RunReport;
import io.intercomsync.source.SourceFile;
import io.intercomsync.sync.RunCounts;
import io.intercomsync.sync.SyncRun;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One import of one file: the file picked, and once {@link Importer#begin} opened it, its rows and the
 * engine's {@link SyncRun} they are written in. Thread-safe.
 */
public final class ImportRun {
    private final SourceFile file;
    private final String version; // the file's, when it was picked
    private final boolean dryRun;
    private final boolean full;
    private final RunCounts counts;
    private final AtomicReference<RuntimeException> unreadable = new AtomicReference<>();
    private volatile Opened opened; // null until begin opened the file

    /** What {@link Importer#begin} opened: read from the reader thread, written to by the row workers. */
    private record Opened(CsvRowSource rows, BatchReader batches, SyncRun sync, Progress progress) { // progress: null until the rows start
    }

    ImportRun(SourceFile file, String version, boolean dryRun, boolean full, RateLimitGovernor governor) {
        this.file = file;
        this.version = version;
        this.dryRun = dryRun;
        this.full = full;
        this.counts = new RunCounts(governor);
    }

    public String source() {
        return file.name();
    }

    public boolean dryRun() {
        return dryRun;
    }

    SourceFile file() {
        return file;
    }

    /** The file's {@link SourceFile#version()} when the run picked it, or null. */
    String version() {
        return version;
    }

    /** --full: fingerprints are ignored, every row is sent (ids are still used). */
    boolean full() {
        return full;
    }

    /** Counted from the run's first call (GET /me), before the file is open. */
    RunCounts counts() {
        return counts;
    }

    /** @param ahead the settling's work the file's reader may do ahead of it */
    void open(CsvRowSource rows, SyncRun sync, BatchReader.Ahead ahead) {
        this.opened = new Opened(rows, new BatchReader(rows, ahead), sync, null);
    }

    /** The rows start (after the reconcile, if any): the progress line follows them until the run closes. */
    void progress(Progress progress) {
        Opened o = opened;
        this.opened = new Opened(o.rows(), o.batches(), o.sync(), progress);
    }

    /** The engine's run the rows are written in; null until the file is open (the routes hand it to import-row). */
    public SyncRun sync() {
        Opened o = opened;
        return o == null ? null : o.sync();
    }

    CsvRowSource rows() {
        Opened o = opened;
        return o == null ? null : o.rows();
    }

    /** The file's rows, read in batches on a thread of their own; null until the file is open. */
    BatchReader batches() {
        Opened o = opened;
        return o == null ? null : o.batches();
    }

    /** The file stopped being readable: no more rows are read; the run fails once those read are written. */
    void unreadable(RuntimeException cause) {
        unreadable.compareAndSet(null, cause);
    }

    RuntimeException unreadable() {
        return unreadable.get();
    }

    RunReport report(String error) {
        SyncRun sync = sync();
        return sync != null ? sync.report(error) : counts.report(file.name(), dryRun, null, error);
    }

    void closeQuietly() {
        Opened o = opened;
        if (o == null) {
            return;
        }
        if (o.progress() != null) {
            o.progress().close();
        }
        o.batches().close(); // before the file: the reader thread may be reading it
        try {
            o.rows().close();
        } catch (Exception ignored) {
            // the report matters more than a close failure on a file we only read
        }
        o.sync().closeQuietly();
    }
}
