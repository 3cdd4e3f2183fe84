package io.intercomsync.cli;

import io.intercomsync.config.AppConfig;

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

    static AppConfig config(Path overlay, Map<String, String> overrides) {
        return AppConfig.load(dir().resolve("application.properties"), overlay, System.getenv(), overrides);
    }
}
