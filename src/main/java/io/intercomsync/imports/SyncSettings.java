package io.intercomsync.imports;

import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.ledger.LedgerSettings;

import java.nio.file.Path;

/**
 * What the engine needs to write contacts, wherever the rows come from (a CSV file, or the Singer
 * target's records): the import builds it from application.properties ({@link ImportSettings#sync()}),
 * the target from its JSON config, each with its own values and nothing padded.
 *
 * @param retries      how calls are retried (the rows' redelivery and the calls before them)
 * @param outputFolder where the errors file and the run report go
 * @param rules        update or skip existing and new contacts, archive missing ones, reconcile
 */
public record SyncSettings(
        IntercomSettings intercom,
        int maxAttempts,
        int maxInFlight,
        ImportSettings.Retries retries,
        LedgerSettings ledger,
        boolean createMissingAttributes,
        Path outputFolder,
        ImportRules rules) {
}
