package io.intercomsync.imports;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import io.intercomsync.ledger.LedgerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state.* keys as ImportSettings reads them. */
class ImportSettingsLedgerTest {
    private static ImportSettings settings(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("intercom.access-token", "tok");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ImportSettings.from(AppConfig.of(p));
    }

    @Test
    void defaultsToASqliteFileUnderStateFlushingEveryThousandRowsOrSecond() {
        LedgerSettings ledger = settings().sync().ledger();
        assertThat(ledger.url()).isEqualTo("jdbc:sqlite:state/intercom-sync.db");
        assertThat(ledger.flushRows()).isEqualTo(1000);
        assertThat(ledger.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ledger.user()).isNull();
        assertThat(ledger.password()).isNull();
    }

    @Test
    void readsPostgresqlCredentialsAndNeverPrintsThePassword() {
        LedgerSettings ledger = settings("state.url", "jdbc:postgresql://db:5432/sync", "state.user", "sync",
                "state.password", "s3cret-pw", "state.flush-rows", "50", "state.flush-interval-ms", "0").sync().ledger();
        assertThat(ledger.user()).isEqualTo("sync");
        assertThat(ledger.password()).isEqualTo("s3cret-pw");
        assertThat(ledger.flushRows()).isEqualTo(50);
        assertThat(ledger.flushInterval()).isZero();
        assertThat(ledger.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void refusesAnUnsupportedStoreNamingTheKeyWithoutTheUrlsQuery() {
        assertThatThrownBy(() -> settings("state.url", "jdbc:mysql://db/sync?password=hunter2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.url")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> settings("state.flush-rows", "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.flush-rows");
    }
}
