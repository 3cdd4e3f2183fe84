package io.intercomsync.intercom;

import io.intercomsync.logging.Secrets;

/**
 * Base of every failure talking to Intercom. Messages are one sentence a user can act on and never
 * carry the access token; {@link #status()} is 0 when no HTTP response arrived.
 */
public abstract class IntercomException extends RuntimeException {
    private final int status;
    private final String code;

    protected IntercomException(int status, String code, String message) {
        super(Secrets.mask(message)); // the message may quote Intercom's (or a gateway's) answer, which may quote the token
        this.status = status;
        this.code = code;
    }

    protected IntercomException(String message, Throwable cause) {
        super(Secrets.mask(message), cause);
        this.status = 0;
        this.code = null;
    }

    /** HTTP status, or 0 when the request never got an answer. */
    public int status() {
        return status;
    }

    /** Intercom's error code from the {@code error.list} body ({@code conflict}, {@code parameter_invalid}...), or null. */
    public String code() {
        return code;
    }

    /** Whether sending the same request again can succeed. */
    public abstract boolean isRetryable();
}
