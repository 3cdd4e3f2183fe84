package io.intercomsync.singer;

import io.intercomsync.sync.RowTask;
import io.intercomsync.sync.SyncRun;

/**
 * The {@code import-row} route as the target sees it, so this package stays free of Camel: the command
 * implements it with the routes of {@code routes/singer-target/target.yaml}, which hand each record to the import's
 * own row route and its redelivery.
 */
public interface RowRoute {
    /**
     * Writes one record with {@code SyncEngine.write}, retried like an import row; returns once the row
     * has its outcome (written, unchanged, or failed into the errors file).
     *
     * @throws Exception a failure that stops the run (bad token, ledger)
     */
    void write(RowTask task, SyncRun run) throws Exception;
}
