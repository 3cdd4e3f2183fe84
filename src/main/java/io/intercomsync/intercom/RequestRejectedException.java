package io.intercomsync.intercom;

/**
 * 400, 404, 410, 422 and the like: Intercom refused this request for what it says, so sending it again
 * cannot help. The row that caused it is failed with this message.
 */
public class RequestRejectedException extends IntercomException {
    private final String field;

    public RequestRejectedException(int status, String code, String message, String field) {
        super(status, code, message);
        this.field = field;
    }

    /** The request field Intercom blamed, or null. */
    public String field() {
        return field;
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
