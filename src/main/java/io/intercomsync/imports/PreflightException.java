package io.intercomsync.imports;

/** The run cannot start: the mapping and the workspace disagree. Nothing has been written. */
public final class PreflightException extends RuntimeException {
    public PreflightException(String message) {
        super(message);
    }
}
