package io.intercomsync.intercom;

/** A 5xx answer: Intercom asks integrations to retry these. */
public final class ServerErrorException extends RetryableException {
    public ServerErrorException(int status, String code, String message) {
        super(status, code, message);
    }
}
