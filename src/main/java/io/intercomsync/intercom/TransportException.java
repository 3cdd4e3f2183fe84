package io.intercomsync.intercom;

/** No HTTP answer at all: connection refused or dropped, or the request timed out. */
public final class TransportException extends RetryableException {
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
