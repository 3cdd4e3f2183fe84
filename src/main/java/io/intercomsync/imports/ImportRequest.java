package io.intercomsync.imports;

import java.nio.file.Path;

/**
 * What the user asked for on the command line.
 *
 * @param file   a file to import instead of the newest one in the source (a path, or s3://bucket/key), or null
 * @param dryRun validate and map everything, read the workspace's attributes, write nothing
 * @param full   ignore what earlier runs remember and send every row
 * @param report an extra place to write the run report, or null
 * @param reconcile refresh the ledger from the workspace's contact list before the rows (--reconcile)
 */
public record ImportRequest(String file, boolean dryRun, boolean full, Path report, boolean reconcile) {
    public ImportRequest(String file, boolean dryRun, boolean full, Path report) {
        this(file, dryRun, full, report, false);
    }
}
