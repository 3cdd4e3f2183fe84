package io.intercomsync.imports;

import io.intercomsync.report.RunReport;

/**
 * A run over a file polled from the source's endpoint (source.uri) stopped: raised after its report is
 * written so that the endpoint sees a failed exchange and rolls the file back (it is not moved or
 * deleted by the URI's {@code move=}/{@code delete=}, and watch mode takes it again on a later poll).
 * The command reads the report from it as from a run that ended.
 */
public final class RunStoppedException extends RuntimeException {
    private final transient RunReport report;

    public RunStoppedException(RunReport report) {
        super(report.error(), null, false, false);
        this.report = report;
    }

    public RunReport report() {
        return report;
    }
}
