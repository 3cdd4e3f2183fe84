package io.intercomsync.cli;

import io.intercomsync.config.AppConfig;
import io.intercomsync.logging.Secrets;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the installation lives: {@code bin/intercom-sync} sets {@code intercom-sync.home}; its
 * {@code application.properties} and {@code routes/} are read from there. Relative paths inside the
 * configuration are relative to the directory the command runs in.
 */
final class Home {
    private Home() {
    }

    static Path dir() {
        return Path.of(System.getProperty("intercom-sync.home", ".")).toAbsolutePath().normalize();
    }

    /** The configuration, its secrets registered for masking in every log line from here on. */
    static AppConfig config(Path overlay, Map<String, String> overrides) {
        AppConfig config = AppConfig.load(dir().resolve("application.properties"), overlay, System.getenv(), overrides);
        Secrets.register(config.secretValues());
        return config;
    }
}
