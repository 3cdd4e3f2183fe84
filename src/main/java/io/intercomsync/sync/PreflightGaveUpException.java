package io.intercomsync.sync;

/**
 * Intercom could not be reached (or kept failing) for the calls before the rows: the run stops, nothing
 * written. It carries no cause: Camel matches redelivery rules against causes too, and the retryable
 * failure inside would have the route retry what was already given up.
 */
public final class PreflightGaveUpException extends RuntimeException {
    public PreflightGaveUpException(String message) {
        super(message);
    }
}
