package io.intercomsync.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The run report written as JSON to output.folder and to --report. Always
 * {@code rows = created + updated + unchanged + skipped + failed}.
 *
 * @param status   {@code succeeded} (every row done), {@code rows_failed} (some rows in the errors CSV)
 *                 or {@code failed} (the run stopped; {@code error} says why)
 * @param writeCalls calls that change Intercom (POST/PUT), a subset of apiCalls
 * @param allowancePerWindow the rate limit's allowance per 10-second window the answers reported (null: none)
 * @param allowanceUsed      share of that allowance Intercom counted over the run's full windows (those whose
 *                           start and end the pacing saw, with more to send than they allowed), 0 to 1; null
 *                           when the run spanned no full window
 * @param peakInFlight       most requests in flight at once
 * @param skipped            rows left as they were by the import rules (import.existing=skip, import.new=skip)
 * @param archived           contacts archived because they left the source (import.missing=archive); null otherwise
 * @param drifted            contacts the reconcile found deleted or edited in Intercom since we wrote them; null
 *                           when the run did not reconcile
 */
@JsonPropertyOrder({"status", "source", "dry_run", "rows", "created", "updated", "unchanged", "skipped", "failed", "archived",
        "drifted", "companies",
        "api_calls", "write_calls", "retries", "rate_limited", "allowance_per_window", "allowance_used",
        "peak_in_flight", "started_at", "finished_at", "duration_ms",
        "errors_file", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(
        @JsonProperty("status") String status,
        @JsonProperty("source") String source,
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("rows") long rows,
        @JsonProperty("created") long created,
        @JsonProperty("updated") long updated,
        @JsonProperty("unchanged") long unchanged,
        @JsonProperty("failed") long failed,
        @JsonProperty("companies") long companies,
        @JsonProperty("api_calls") long apiCalls,
        @JsonProperty("write_calls") long writeCalls,
        @JsonProperty("retries") long retries,
        @JsonProperty("rate_limited") long rateLimited,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("errors_file") String errorsFile,
        @JsonProperty("error") String error,
        @JsonProperty("allowance_per_window") Integer allowancePerWindow,
        @JsonProperty("allowance_used") Double allowanceUsed,
        @JsonProperty("peak_in_flight") Integer peakInFlight,
        @JsonProperty("skipped") long skipped,
        @JsonProperty("archived") Long archived,
        @JsonProperty("drifted") Long drifted) {

    /** A report without pacing figures (no call was made, or they are not known). */
    public RunReport(String status, String source, boolean dryRun, long rows, long created, long updated, long unchanged,
                     long failed, long companies, long apiCalls, long writeCalls, long retries, long rateLimited,
                     String startedAt, String finishedAt, long durationMs, String errorsFile, String error) {
        this(status, source, dryRun, rows, created, updated, unchanged, failed, companies, apiCalls, writeCalls, retries,
                rateLimited, startedAt, finishedAt, durationMs, errorsFile, error, null, null, null, 0, null, null);
    }

    public static final String SUCCEEDED = "succeeded";
    public static final String ROWS_FAILED = "rows_failed";
    public static final String FAILED = "failed";

    /** The one-line console summary. */
    public String summary() {
        String base = String.format("%s%s: %d rows: %d created, %d updated, %d unchanged, %s%d failed%s%s; %d API calls (%d retries, %d rate-limited) in %.1f s",
                dryRun ? "[dry run] " : "", source == null ? "import" : source, rows, created, updated, unchanged,
                skipped > 0 ? skipped + " skipped, " : "", failed,
                archived == null ? "" : (dryRun ? "; " + archived + " to archive" : "; " + archived + " archived"),
                drifted == null ? "" : "; " + drifted + " drifted in Intercom",
                apiCalls, retries, rateLimited, durationMs / 1000.0);
        if (allowanceUsed != null && allowancePerWindow != null) {
            base += String.format("; %.0f%% of the %,d calls per 10 s allowed", allowanceUsed * 100, allowancePerWindow);
        }
        if (FAILED.equals(status)) {
            return base + "; run FAILED: " + error;
        }
        return failed > 0 ? base + "; failed rows are in " + errorsFile : base;
    }
}
