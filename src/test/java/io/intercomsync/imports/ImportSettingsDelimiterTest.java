package io.intercomsync.imports;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** csv.delimiter as a user writes it, read through the layers a run reads it through. */
class ImportSettingsDelimiterTest {
    private static final Map<String, String> TOKEN = Map.of("INTERCOM_ACCESS_TOKEN", "tok-delimiter");

    @TempDir
    Path dir;

    private char fromFile(String line) throws Exception {
        Path file = Files.writeString(dir.resolve("my.properties"), line + "\n");
        return ImportSettings.from(AppConfig.load(Path.of("application.properties"), file, TOKEN, Map.of())).delimiter();
    }

    @Test
    void aBackslashTInAPropertiesFileIsATabAsTheReadmeSays() throws Exception {
        // Properties.load turns \t into a tab character: blank, and so taken for "not set" before
        assertThat(fromFile("csv.delimiter=\\t")).isEqualTo('\t');
        assertThat(fromFile("csv.delimiter=\\t   ")).isEqualTo('\t');
        assertThat(fromFile("csv.delimiter=\\\\t")).isEqualTo('\t');
        assertThat(fromFile("csv.delimiter=tab")).isEqualTo('\t');
    }

    @Test
    void aTabFromTheEnvironmentIsATab() {
        Map<String, String> env = Map.of("INTERCOM_ACCESS_TOKEN", "tok-delimiter", "INTERCOM_SYNC_CSV_DELIMITER", "\t");
        assertThat(ImportSettings.from(AppConfig.load(Path.of("application.properties"), null, env, Map.of())).delimiter())
                .isEqualTo('\t');
    }

    @Test
    void otherDelimitersAndBlankAreAsBefore() throws Exception {
        assertThat(fromFile("csv.delimiter=;")).isEqualTo(';');
        assertThat(fromFile("csv.delimiter= | ")).isEqualTo('|');
        assertThat(fromFile("csv.delimiter=")).isEqualTo(',');
        assertThatThrownBy(() -> fromFile("csv.delimiter=ab")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("csv.delimiter='ab' must be a single character");
    }
}
