package io.intercomsync.ledger;

/** The state store cannot be opened, read or written. The message names the store without secrets. */
public final class LedgerException extends RuntimeException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
