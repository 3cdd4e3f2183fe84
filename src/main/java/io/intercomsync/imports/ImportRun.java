package io.intercomsync.imports;

import io.intercomsync.intercom.ApiCallListener;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.report.Progress;
import io.intercomsync.report.RunReport;
import io.intercomsync.source.SourceFile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** One import of one file: its counters, its errors CSV, its row source and its ledger. Thread-safe. */
public final class ImportRun implements ApiCallListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImportRun.class);

    private final SourceFile file;
    private final boolean dryRun;
    private final boolean full;
    /**
     * Each company of this run, by company_id: the Intercom id once its one upsert (or the ledger) gave
     * it. The first row of a company completes it; the others wait for it.
     */
    private final ConcurrentHashMap<String, CompletableFuture<String>> companyIds = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private final LongAdder created = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder unchanged = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder companies = new LongAdder();
    private final LongAdder apiCalls = new LongAdder();
    private final LongAdder writeCalls = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final AtomicReference<RuntimeException> abortedBy = new AtomicReference<>();
    private final AtomicReference<RuntimeException> unreadable = new AtomicReference<>();

    private volatile String version; // the file's, when it was picked
    private volatile CsvRowSource rows;
    private volatile ErrorsCsvWriter errors;
    private volatile ContactWriter writer;
    private volatile IntercomClient client;
    private volatile Ledger ledger;

    ImportRun(SourceFile file, boolean dryRun) {
        this(file, dryRun, false);
    }

    ImportRun(SourceFile file, boolean dryRun, boolean full) {
        this.file = file;
        this.dryRun = dryRun;
        this.full = full;
    }

    public String source() {
        return file.name();
    }

    SourceFile file() {
        return file;
    }

    /** The file's {@link SourceFile#version()} when the run picked it, or null. */
    String version() {
        return version;
    }

    void version(String v) {
        this.version = v;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** --full: fingerprints are ignored, every row is sent (ids are still used). */
    boolean full() {
        return full;
    }

    CsvRowSource rows() {
        return rows;
    }

    IntercomClient client() {
        return client;
    }

    Ledger ledger() {
        return ledger;
    }

    ConcurrentHashMap<String, CompletableFuture<String>> companyIds() {
        return companyIds;
    }

    ContactWriter writer() {
        return writer;
    }

    void open(CsvRowSource rows, ErrorsCsvWriter errors, IntercomClient client, Ledger ledger) {
        this.rows = rows;
        this.errors = errors;
        this.client = client;
        this.writer = new ContactWriter(client);
        this.ledger = ledger;
        this.tagIds = new TagIds(client);
    }

    private volatile TagIds tagIds;
    private volatile List<String> allTags; // null: the mapping tags no one
    private volatile String sourceId;
    private volatile SeenContacts seen;  // null unless import.missing=archive

    TagIds tagIds() {
        return tagIds;
    }

    /** contact.tags.all for this run (placeholders replaced), or null when the mapping has no tags. */
    List<String> allTags() {
        return allTags;
    }

    void allTags(List<String> tags) {
        this.allTags = tags;
    }

    /** The place this run's file came from, as the ledger records which source wrote a contact; null for the target. */
    String sourceId() {
        return sourceId;
    }

    void sourceId(String id) {
        this.sourceId = id;
    }

    SeenContacts seen() {
        return seen;
    }

    void trackSeen() {
        this.seen = new SeenContacts();
    }

    void retried() {
        retries.increment();
    }

    void companyWritten() {
        companies.increment();
    }

    /** Counts a finished row; a row already counted is not counted again. */
    void finish(RowTask task, Outcome outcome) {
        if (!task.finish(outcome)) {
            return;
        }
        SeenContacts s = seen;
        if (s != null) {
            String key = task.contactKey();
            if (key == null) {
                s.rowWithoutKey();
            } else {
                s.seen(key);
            }
        }
        switch (outcome) {
            case CREATED -> created.increment();
            case UPDATED -> updated.increment();
            case UNCHANGED -> unchanged.increment();
            case SKIPPED -> skipped.increment();
            case FAILED -> failed.increment();
        }
    }

    /** Counts a finished row whose contact is {@code contactId} in Intercom (null: not known). */
    void finish(RowTask task, Outcome outcome, String contactId) {
        SeenContacts s = seen;
        if (s != null && contactId != null && task.outcome() == null) {
            s.seenId(contactId);
        }
        finish(task, outcome);
    }

    void fail(RowTask task, String reason) {
        if (task.outcome() == null && errors != null) {
            errors.write(task.rowNumber(), reason, Instant.now(), task.values());
        }
        finish(task, Outcome.FAILED);
    }

    /** A failure that stops the whole run (bad token): rows not yet started are not attempted. */
    void abort(RuntimeException cause) {
        abortedBy.compareAndSet(null, cause);
    }

    RuntimeException abortedBy() {
        return abortedBy.get();
    }

    /** The file stopped being readable: no more rows are read; the run fails once those read are written. */
    void unreadable(RuntimeException cause) {
        unreadable.compareAndSet(null, cause);
    }

    RuntimeException unreadable() {
        return unreadable.get();
    }

    @Override
    public void onCall(String method, String operation, int status, boolean write) {
        apiCalls.increment();
        if (write) {
            writeCalls.increment();
        }
        if (status == 429) {
            rateLimited.increment();
        }
    }

    public long rowsDone() {
        return created.sum() + updated.sum() + unchanged.sum() + skipped.sum() + failed.sum();
    }

    RunReport report(String errorMessage) {
        Instant finished = Instant.now();
        long f = failed.sum();
        String status = errorMessage != null ? RunReport.FAILED : f > 0 ? RunReport.ROWS_FAILED : RunReport.SUCCEEDED;
        RateLimitGovernor.Pacing pace = governor == null ? null : governor.pacing().since(pacingAtStart);
        Integer allowance = pace == null || pace.allowancePerWindow() <= 0 ? null : pace.allowancePerWindow();
        Double used = pace == null || pace.allowanceUsed() == null ? null
                : Math.round(pace.allowanceUsed() * 1000) / 1000.0;
        return new RunReport(status, file.name(), dryRun, rowsDone(), created.sum(), updated.sum(), unchanged.sum(), f,
                companies.sum(), apiCalls.sum(), writeCalls.sum(), retries.sum(), rateLimited.sum(),
                startedAt.toString(), finished.toString(), Duration.between(startedAt, finished).toMillis(),
                errors == null ? null : errors.file().toString(), errorMessage,
                allowance, used, pace == null || apiCalls.sum() == 0 ? null : pace.peakInFlight(),
                skipped.sum(), archived, drifted);
    }

    private volatile Long archived; // null: the run did not archive (import.missing=keep, or it never got there)
    private volatile Long drifted;  // null: the run did not reconcile

    void archived(long n) {
        this.archived = n;
    }

    void drifted(long n) {
        this.drifted = n;
    }

    private volatile RateLimitGovernor governor;
    private volatile RateLimitGovernor.Pacing pacingAtStart;

    /** The governor that paces this run's calls: the report says what it saw during the run. */
    void pacedBy(RateLimitGovernor g) {
        this.pacingAtStart = g.startRun();
        this.governor = g;
    }

    long apiCalls() {
        return apiCalls.sum();
    }

    int allowancePerWindow() {
        RateLimitGovernor g = governor;
        return g == null ? -1 : g.limit();
    }

    private volatile Progress progress;

    void progress(Progress p) {
        this.progress = p;
    }

    void closeQuietly() {
        Progress p = progress;
        if (p != null) {
            p.close();
        }
        try {
            if (rows != null) {
                rows.close();
            }
        } catch (Exception ignored) {
            // the report matters more than a close failure on a file we only read
        }
        if (errors != null) {
            errors.close();
        }
        if (ledger != null) {
            try {
                ledger.close(); // writes what is still pending
            } catch (RuntimeException e) {
                LOG.warn("The ledger could not record the last rows ({}); the next run sends them again", e.getMessage());
            }
        }
    }
}
