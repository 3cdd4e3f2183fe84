package io.intercomsync.source;

/** The source cannot give a file: missing folder or bucket, no matching file, denied access. */
public final class SourceException extends RuntimeException {
    public SourceException(String message) {
        super(message);
    }
}
