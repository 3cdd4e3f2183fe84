package io.intercomsync.singer;

import io.intercomsync.sync.RowTask;
import io.intercomsync.sync.SyncRun;

/** One record on its way through {@code direct:target-row}: the row and the run it belongs to (plain getters for Camel's simple language). */
public final class TargetRow {
    private final RowTask rowTask;
    private final SyncRun syncRun;

    public TargetRow(RowTask rowTask, SyncRun syncRun) {
        this.rowTask = rowTask;
        this.syncRun = syncRun;
    }

    public RowTask getRowTask() {
        return rowTask;
    }

    public SyncRun getSyncRun() {
        return syncRun;
    }
}
