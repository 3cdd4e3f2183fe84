package io.intercomsync.ledger;

import io.intercomsync.config.AppConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the ledger lives and how often it writes.
 *
 * @param url           {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host[:port]/database}
 * @param user          database user (PostgreSQL), or null
 * @param password      database password (PostgreSQL), or null; never logged
 * @param flushRows     knowledge is written once this many entries are pending (and at the end of the run)
 * @param flushInterval ... and at least this often; zero writes only by count and at the end
 */
public record LedgerSettings(String url, String user, String password, int flushRows, Duration flushInterval) {

    public LedgerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushRows < 1) {
            throw new IllegalArgumentException("flushRows must be at least 1");
        }
    }

    /** A store at {@code url} (its credentials in the URL, if any), flushed as application.properties declares by default. */
    public static LedgerSettings of(String url) {
        AppConfig declared = AppConfig.declaredDefaults();
        return new LedgerSettings(url, null, null, declared.integer("state.flush-rows"),
                Duration.ofMillis(declared.whole("state.flush-interval-ms")));
    }

    public LedgerSettings withFlush(int rows, Duration interval) {
        return new LedgerSettings(url, user, password, rows, interval);
    }

    @Override
    public String toString() {
        return "LedgerSettings[" + Ledger.describe(url) + ", flushRows=" + flushRows + ", flushInterval=" + flushInterval + "]";
    }
}
