package io.intercomsync.source;

import java.util.List;
import java.util.Optional;

/** Where import files come from (source.type): picks the newest by the timestamp in its name. */
public interface Source {
    /** Every file whose name matches source.file-pattern, oldest timestamp first. */
    List<SourceFile> matching();

    /** The newest file whose name matches source.file-pattern, or empty. */
    default Optional<SourceFile> newest() {
        List<SourceFile> all = matching();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Whether the file is whole, or still being written; looks once, never waits. Sources whose files
     * appear whole (an S3 object exists only once its upload finished) say so at once.
     */
    default Completeness.Verdict completeness(SourceFile file) {
        return Completeness.Verdict.COMPLETE;
    }

    /** A file the user named with --file (a path, or s3://bucket/key for an S3 source). */
    SourceFile named(String location);

    /** Where files are looked for, for reports: a folder, or s3://bucket/prefix. */
    String location();

    /** One sentence for a failure that stopped a run over this source. */
    default String describe(Exception failure) {
        return io.intercomsync.report.Messages.of(failure);
    }

    /** What to tell the user when {@link #newest()} found nothing. */
    String noMatchMessage();

    /**
     * Called once a run over {@code file} has finished (every row done or failed, not a run that
     * stopped), with the local report and errors CSV it wrote: a place to archive or tag the input
     * and publish the outputs. The local folder source does nothing here.
     */
    default void afterRun(SourceFile file, boolean dryRun, java.nio.file.Path reportFile, java.nio.file.Path errorsFile) {
    }
}
