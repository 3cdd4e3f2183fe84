package io.intercomsync.intercom;

/** A 2xx whose body is empty or cut short: Intercom sends these now and then; treated like a 5xx. */
public final class EmptyResponseException extends RetryableException {
    public EmptyResponseException(int status, String message) {
        super(status, null, message);
    }
}
