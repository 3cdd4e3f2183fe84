package io.intercomsync.singer;

import io.intercomsync.imports.ImportRun;
import io.intercomsync.imports.RowTask;

/** One record on its way through {@code direct:target-row}: the row and the run it belongs to (plain getters for Camel's simple language). */
public final class TargetRow {
    private final RowTask rowTask;
    private final ImportRun importRun;

    public TargetRow(RowTask rowTask, ImportRun importRun) {
        this.rowTask = rowTask;
        this.importRun = importRun;
    }

    public RowTask getRowTask() {
        return rowTask;
    }

    public ImportRun getImportRun() {
        return importRun;
    }
}
