package io.intercomsync.report;

import io.intercomsync.logging.Secrets;

/**
 * The one sentence a user sees for a failure: never a stack trace, never a class name when there is a
 * message, never a secret (an error body may quote the request's credentials).
 */
public final class Messages {
    private Messages() {
    }

    public static String of(Throwable e) {
        Throwable t = e;
        // Frameworks wrap what our code throws; the innermost message of ours is the one that explains.
        while (t.getCause() != null && t.getCause() != t
                && (t.getClass().getName().startsWith("org.apache.camel") || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : Secrets.mask(t.getMessage());
    }
}
