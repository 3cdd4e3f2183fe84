package io.intercomsync.imports;

import io.intercomsync.report.RunReport;

/**
 * A run over a file polled from the source's endpoint did not import it: it stopped, or it was a dry run.
 * Raised after its report is written so that the endpoint sees a failed exchange and rolls the file back
 * (the URI's {@code move=}/{@code delete=} are not applied, and watch mode takes it again on a later
 * poll). The command reads the report from it as from a run that ended.
 */
public final class FileKeptException extends RuntimeException {
    private final transient RunReport report;

    public FileKeptException(RunReport report) {
        super(report.error() != null ? report.error() : "a dry run leaves its file where it was", null, false, false);
        this.report = report;
    }

    public RunReport report() {
        return report;
    }
}
