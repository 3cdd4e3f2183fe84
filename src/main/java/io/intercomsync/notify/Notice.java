package io.intercomsync.notify;

import io.intercomsync.report.RunReport;

import java.time.Duration;
import java.util.Locale;

/**
 * One notification of a run: it started (a file is chosen, nothing written yet), or it ended with its
 * report. The messages for every notifier are built from this alone.
 *
 * @param source the file as the report names it (a path, or s3://bucket/key)
 * @param report null for {@link Outcome#STARTED}
 */
public record Notice(Outcome outcome, String source, boolean dryRun, RunReport report) {

    /** What a person needs to know first; it decides the colour. */
    public enum Outcome {
        STARTED, SUCCEEDED, ROWS_FAILED, FAILED
    }

    public static Notice started(String source, boolean dryRun) {
        return new Notice(Outcome.STARTED, source, dryRun, null);
    }

    public static Notice ended(RunReport report) {
        Outcome o = switch (report.status() == null ? "" : report.status()) {
            case RunReport.SUCCEEDED -> Outcome.SUCCEEDED;
            case RunReport.ROWS_FAILED -> Outcome.ROWS_FAILED;
            default -> Outcome.FAILED;
        };
        return new Notice(o, report.source(), report.dryRun(), report);
    }

    /** start, end or error: how log lines name the notification. */
    public String event() {
        return switch (outcome) {
            case STARTED -> "start";
            case SUCCEEDED, ROWS_FAILED -> "end";
            case FAILED -> "error";
        };
    }

    /** The file's own name, without its folder or bucket: what people recognise at a glance. */
    public String fileName() {
        if (source == null || source.isBlank()) {
            return "(no file)";
        }
        String s = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return cut >= 0 && cut < s.length() - 1 ? s.substring(cut + 1) : s;
    }

    /** The headline, one sentence, the same words for every notifier. */
    public String headline() {
        String dry = dryRun ? " (dry run: nothing written to Intercom)" : "";
        return switch (outcome) {
            case STARTED -> "Intercom import of " + fileName() + " started" + dry;
            case SUCCEEDED -> "Intercom import of " + fileName() + " succeeded" + dry;
            case ROWS_FAILED -> "Intercom import of " + fileName() + " finished with " + report.failed()
                    + (report.failed() == 1 ? " failed row" : " failed rows") + dry;
            case FAILED -> "Intercom import of " + fileName() + " failed" + dry + ": " + error();
        };
    }

    /** created, updated, unchanged, failed and the duration, in one line. */
    public String counts() {
        if (report == null) {
            return "";
        }
        return report.rows() + " rows: " + report.created() + " created, " + report.updated() + " updated, "
                + report.unchanged() + " unchanged, " + (report.skipped() > 0 ? report.skipped() + " skipped, " : "")
                + report.failed() + " failed" + (report.archived() != null && report.archived() > 0 ? ", " + report.archived() + " archived" : "")
                + " in " + duration();
    }

    public String duration() {
        return report == null ? "" : humanDuration(Duration.ofMillis(report.durationMs()));
    }

    /** Why the run stopped, as one sentence on one line: never a stack trace. */
    public String error() {
        if (report == null || report.error() == null || report.error().isBlank()) {
            return "unknown error";
        }
        String line = report.error().strip().replaceAll("\\s+", " ");
        return line.length() > 500 ? line.substring(0, 497) + "..." : line;
    }

    /** Where the failed rows are, when there are any. */
    public String errorsFile() {
        return report != null && report.failed() > 0 ? report.errorsFile() : null;
    }

    static String humanDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
