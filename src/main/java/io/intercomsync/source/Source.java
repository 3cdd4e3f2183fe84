package io.intercomsync.source;

import java.util.Optional;

/** Where import files come from (source.type): picks the newest by the timestamp in its name. */
public interface Source {
    /** The newest file whose name matches source.file-pattern, or empty. */
    Optional<SourceFile> newest();

    /** A file the user named with --file (a path, or s3://bucket/key for an S3 source). */
    SourceFile named(String location);

    /** What to tell the user when {@link #newest()} found nothing. */
    String noMatchMessage();
}
