package io.intercomsync.singer;

/** A stream cannot go on (a repeated cursor, a scroll that never frees up...): one sentence for the user. */
public class TapException extends RuntimeException {
    public TapException(String message) {
        super(message);
    }

    public TapException(String message, Throwable cause) {
        super(message, cause);
    }
}
