package io.intercomsync.config;

import io.intercomsync.imports.ImportSettings;
import io.intercomsync.notify.NotifySettings;
import io.intercomsync.source.S3Settings;
import io.intercomsync.source.SftpSettings;
import io.intercomsync.watch.WatchSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default is declared in application.properties, and the settings classes read the packaged
 * declarations whether or not the command loaded that file: a key must not mean two things depending on
 * how the command was started. Compared setting by setting, for every key at once.
 */
class DefaultsAgreeTest {
    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("intercom.access-token", "tok-defaults");
    }

    private static AppConfig fromTheFile(Map<String, String> extra) {
        Map<String, String> overrides = new LinkedHashMap<>(REQUIRED);
        overrides.putAll(extra);
        return AppConfig.load(Path.of("application.properties"), null, Map.of(), overrides);
    }

    private static AppConfig fromTheJavaFallbacks(Map<String, String> extra) {
        Properties p = new Properties();
        p.putAll(REQUIRED);
        p.putAll(extra);
        return AppConfig.of(p);
    }

    @Test
    void theImportNotifyAndWatchSettingsDefaultAsApplicationPropertiesSays() {
        // a compiled file-name pattern and a date format have no equals of their own: same text, same rule
        assertThat(ImportSettings.from(fromTheJavaFallbacks(Map.of()))).usingRecursiveComparison()
                .withEqualsForType((a, b) -> a.toString().equals(b.toString()), java.util.regex.Pattern.class)
                .withEqualsForType((a, b) -> a.toString().equals(b.toString()), java.time.format.DateTimeFormatter.class)
                .isEqualTo(ImportSettings.from(fromTheFile(Map.of())));
        assertThat(NotifySettings.from(fromTheJavaFallbacks(Map.of()))).usingRecursiveComparison()
                .isEqualTo(NotifySettings.from(fromTheFile(Map.of())));
        assertThat(WatchSettings.from(fromTheJavaFallbacks(Map.of()))).usingRecursiveComparison()
                .isEqualTo(WatchSettings.from(fromTheFile(Map.of())));
    }

    @Test
    void theS3AndSftpSettingsDefaultAsApplicationPropertiesSays() {
        Map<String, String> s3 = Map.of("source.type", "s3", "source.s3.bucket", "my-exports");
        assertThat(S3Settings.from(fromTheJavaFallbacks(s3))).usingRecursiveComparison()
                .isEqualTo(S3Settings.from(fromTheFile(s3)));
        // this machine has no ~/.ssh/known_hosts, which the default would require to exist
        Map<String, String> sftp = Map.of("source.type", "sftp", "source.sftp.host", "h", "source.sftp.username", "u",
                "source.sftp.password", "p", "source.sftp.strict-host-key-checking", "false");
        assertThat(SftpSettings.from(fromTheJavaFallbacks(sftp))).usingRecursiveComparison()
                .isEqualTo(SftpSettings.from(fromTheFile(sftp)));
    }

    /** application.properties shows the daemon's defaults for Camel's own keys commented out: they are the ones it sets. */
    @Test
    void theDaemonsCamelDefaultsAreTheOnesApplicationPropertiesShows() throws Exception {
        String file = java.nio.file.Files.readString(Path.of("application.properties"));
        assertThat(file).contains("\n#camel.management.port=" + WatchSettings.MANAGEMENT_PORT + "\n")
                .contains("\n#camel.main.shutdown-timeout=" + WatchSettings.SHUTDOWN_TIMEOUT_S + "\n");
    }
}
