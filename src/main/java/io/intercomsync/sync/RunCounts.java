package io.intercomsync.sync;

import io.intercomsync.intercom.ApiCallListener;
import io.intercomsync.intercom.Pacing;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.report.RunReport;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one run did, counted as it happens: its rows' outcomes, its calls (it is the client's call
 * listener from the run's first call, GET /me, before any row) and what the governor saw of the pacing.
 * Thread-safe. Counted apart from the {@link SyncRun} so that a run which stops before its rows still
 * reports the calls it made.
 */
public final class RunCounts implements ApiCallListener {
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
    private final RateLimitGovernor governor; // null: the run never paced a call
    private final Pacing pacingAtStart;
    private volatile Long archived; // null: the run did not archive (import.missing=keep, or it never got there)
    private volatile Long drifted;  // null: the run did not reconcile

    /** Counting starts now; {@code governor} (or null) paces the run's calls, and the report says what it saw. */
    public RunCounts(RateLimitGovernor governor) {
        this.governor = governor;
        this.pacingAtStart = governor == null ? null : governor.startRun();
    }

    void count(Outcome outcome) {
        switch (outcome) {
            case CREATED -> created.increment();
            case UPDATED -> updated.increment();
            case UNCHANGED -> unchanged.increment();
            case SKIPPED -> skipped.increment();
            case FAILED -> failed.increment();
        }
    }

    void retried() {
        retries.increment();
    }

    void companyWritten() {
        companies.increment();
    }

    public void archived(long n) {
        this.archived = n;
    }

    public void drifted(long n) {
        this.drifted = n;
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

    public long apiCalls() {
        return apiCalls.sum();
    }

    /** The allowance per window the governor last heard of, or -1. */
    public int allowancePerWindow() {
        return governor == null ? -1 : governor.limit();
    }

    /** The report as of now: {@code error} (or null) says why the run stopped; {@code errorsFile} may be null. */
    public RunReport report(String source, boolean dryRun, Path errorsFile, String error) {
        Instant finished = Instant.now();
        long f = failed.sum();
        String status = error != null ? RunReport.FAILED : f > 0 ? RunReport.ROWS_FAILED : RunReport.SUCCEEDED;
        Pacing pace = governor == null ? null : governor.pacing().since(pacingAtStart);
        Integer allowance = pace == null || pace.allowancePerWindow() <= 0 ? null : pace.allowancePerWindow();
        Double used = pace == null || pace.allowanceUsed() == null ? null
                : Math.round(pace.allowanceUsed() * 1000) / 1000.0;
        return new RunReport(status, source, dryRun, rowsDone(), created.sum(), updated.sum(), unchanged.sum(), f,
                companies.sum(), apiCalls.sum(), writeCalls.sum(), retries.sum(), rateLimited.sum(),
                startedAt.toString(), finished.toString(), Duration.between(startedAt, finished).toMillis(),
                errorsFile == null ? null : errorsFile.toString(), error,
                allowance, used, pace == null || apiCalls.sum() == 0 ? null : pace.peakInFlight(),
                skipped.sum(), archived, drifted);
    }
}
