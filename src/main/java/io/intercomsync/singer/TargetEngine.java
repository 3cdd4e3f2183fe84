package io.intercomsync.singer;

import io.intercomsync.imports.ImportRun;
import io.intercomsync.imports.RowTask;

import java.util.function.Supplier;

/**
 * How the target hands its work to the import's engine, so this package stays free of Camel: the command
 * implements it with the routes of {@code routes/target/target.yaml}, which reuse the import's redelivery.
 */
public interface TargetEngine {
    /**
     * Writes one record with {@code Importer.importRow}, retried like an import row; returns once the row
     * has its outcome (written, unchanged, or failed into the errors file).
     *
     * @throws Exception a failure that stops the run (bad token, ledger)
     */
    void write(RowTask task, ImportRun run) throws Exception;

    /** Runs one Intercom call (or a few) with the import's redelivery for calls made before its rows. */
    <T> T call(Supplier<T> call) throws Exception;
}
