package io.intercomsync.singer;

import io.intercomsync.imports.ImportRun;
import io.intercomsync.imports.RowTask;

/**
 * How the target hands its work to the import's engine, so this package stays free of Camel: the command
 * implements it with the routes of {@code routes/singer-target/target.yaml}, which hand each record to the import's
 * own row route and its redelivery.
 */
public interface TargetEngine {
    /**
     * Writes one record with {@code Importer.importRow}, retried like an import row; returns once the row
     * has its outcome (written, unchanged, or failed into the errors file).
     *
     * @throws Exception a failure that stops the run (bad token, ledger)
     */
    void write(RowTask task, ImportRun run) throws Exception;
}
