package io.intercomsync.singer;

/** The target cannot go on (unreadable input, a users stream that cannot be mapped): one sentence for the user. */
public class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
