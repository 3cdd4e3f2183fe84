package io.intercomsync.imports;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import io.intercomsync.notify.NotifySettings;
import io.intercomsync.watch.WatchSettings;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every numeric setting is checked at startup, naming its key: none is left for Camel to fail on at the first retry. */
class ImportSettingsNumbersTest {
    private static AppConfig config(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("intercom.access-token", "tok-numbers");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return AppConfig.of(p);
    }

    /** All three readers of the configuration, as the commands call them at startup. */
    private static void startup(AppConfig c) {
        ImportSettings.from(c);
        NotifySettings.from(c);
        WatchSettings.from(c);
    }

    @Test
    void everyNumericKeyOfApplicationPropertiesRefusesANonNumberNamingTheKey() throws Exception {
        Properties defaults = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(r);
        }
        // numeric keys: a number as default, or a -ms / -rows / -attempts / -chars name (set or commented out)
        String text = Files.readString(Path.of("application.properties"));
        Matcher m = Pattern.compile("(?m)^#?([a-z][a-z0-9.-]+)=(.*)$").matcher(text);
        List<String> numeric = new java.util.ArrayList<>();
        while (m.find()) {
            String key = m.group(1);
            if (m.group(2).trim().matches("\\d+") || key.matches(".*-(ms|rows|attempts|chars|port|timeout|in-flight)$")) {
                numeric.add(key);
            }
        }
        assertThat(numeric).contains("intercom.retry-delay-ms", "intercom.max-retry-delay-ms", "intercom.preflight-timeout-ms",
                "source.stable-ms", "source.complete-timeout-ms", "csv.max-row-chars", "camel.management.port",
                "camel.main.shutdown-timeout");
        for (String key : numeric) {
            assertThatThrownBy(() -> startup(config(key, "fast"))).as(key)
                    .isInstanceOf(ConfigException.class).hasMessage(key + "=fast is not a whole number");
        }
    }

    @Test
    void retryDelaysAreCheckedAgainstEachOtherAndReachTheRoutesAsChecked() {
        assertThatThrownBy(() -> ImportSettings.from(config("intercom.retry-delay-ms", "5000", "intercom.max-retry-delay-ms", "100")))
                .hasMessage("intercom.max-retry-delay-ms=100 is below intercom.retry-delay-ms=5000: the longest wait cannot be shorter than the first");
        ImportSettings s = ImportSettings.from(config("intercom.retry-delay-ms", " 250 ", "intercom.preflight-timeout-ms", "90000"));
        assertThat(s.sync().retries()).isEqualTo(new io.intercomsync.intercom.RetryPolicy(50, Duration.ofMillis(250), Duration.ofSeconds(30)));
        assertThat(s.sync().preflightTimeout()).isEqualTo(Duration.ofSeconds(90));
        Properties routes = io.intercomsync.cli.CamelPropertiesProbe.of(config("intercom.retry-delay-ms", " 250 "));
        assertThat(routes.getProperty("intercom.retry-delay-ms")).isEqualTo("250");
    }

    @Test
    void theCompletenessAndRowSizeKeysHaveTheirDocumentedDefaults() {
        ImportSettings s = ImportSettings.from(config());
        assertThat(s.completeness()).isEqualTo(new io.intercomsync.source.Completeness(Duration.ofSeconds(5), null, Duration.ofMinutes(10)));
        assertThat(s.maxRowChars()).isEqualTo(1_048_576);
        assertThat(s.sync().retries()).isEqualTo(io.intercomsync.intercom.RetryPolicy.DEFAULT);
        assertThat(s.sync().preflightTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ImportSettings.from(config("source.done-marker", "${file:name}.done")).completeness().markerFor("a.csv")).isEqualTo("a.csv.done");
        assertThatThrownBy(() -> ImportSettings.from(config("source.done-marker", "done/${file:name}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("source.done-marker=");
    }
}
