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
 * @param picked    the file a route already polled from the source's endpoint (source.uri, source.type=local), or null
 */
public record ImportRequest(String file, boolean dryRun, boolean full, Path report, boolean reconcile,
                            io.intercomsync.source.SourceFile picked) {
    public ImportRequest(String file, boolean dryRun, boolean full, Path report, boolean reconcile) {
        this(file, dryRun, full, report, reconcile, null);
    }

    public ImportRequest(String file, boolean dryRun, boolean full, Path report) {
        this(file, dryRun, full, report, false, null);
    }

    /** This request for a file the route polled; {@link #file()} then names it, for watch mode's claims. */
    public ImportRequest withPicked(io.intercomsync.source.SourceFile polled) {
        return new ImportRequest(polled.name(), dryRun, full, report, reconcile, polled);
    }
}
