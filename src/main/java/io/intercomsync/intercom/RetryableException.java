package io.intercomsync.intercom;

/** A failure that a later attempt of the same request can get past: redelivered up to intercom.max-attempts. */
public abstract class RetryableException extends IntercomException {
    protected RetryableException(int status, String code, String message) {
        super(status, code, message);
    }

    protected RetryableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isRetryable() {
        return true;
    }
}
