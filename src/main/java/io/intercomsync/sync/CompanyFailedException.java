package io.intercomsync.sync;

/** A row's company could not be written (or is gone from Intercom): the row fails with this reason. */
public final class CompanyFailedException extends RuntimeException {
    public CompanyFailedException(String message) {
        super(message);
    }
}
