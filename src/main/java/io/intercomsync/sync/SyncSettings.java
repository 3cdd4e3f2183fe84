package io.intercomsync.sync;

import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.ledger.LedgerSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the engine needs to write contacts, wherever the rows come from (a CSV file, or the Singer
 * target's records): the import builds it from application.properties, the target from its JSON
 * config, each with its own values and nothing padded.
 *
 * @param retries          how calls are retried: the rows' redelivery (the routes' row-retries, from the same
 *                         keys) and the calls before and after them ({@link #preflightRetries()})
 * @param preflightTimeout how long the calls before the rows (GET /me, data attributes) keep being retried
 * @param outputFolder     where the errors file and the run report go
 * @param rules            update or skip existing and new contacts, archive missing ones, reconcile
 */
public record SyncSettings(
        IntercomSettings intercom,
        RetryPolicy retries,
        Duration preflightTimeout,
        int maxInFlight,
        LedgerSettings ledger,
        boolean createMissingAttributes,
        Path outputFolder,
        ImportRules rules) {

    public int maxAttempts() {
        return retries.maxAttempts();
    }

    /** Retries for calls made outside the row route, on one time budget that starts now. */
    public PreflightRetries preflightRetries() {
        return PreflightRetries.startingNow(retries, preflightTimeout);
    }
}
