package io.intercomsync.cli;

import io.intercomsync.config.AppConfig;
import io.intercomsync.imports.ImportSettings;
import io.intercomsync.notify.NotifySettings;

import java.util.Properties;

/** The properties a one-shot import hands to the routes, for tests outside this package. */
public final class CamelPropertiesProbe {
    private CamelPropertiesProbe() {
    }

    public static Properties of(AppConfig cfg) {
        return ImportCommand.camelProperties(cfg, ImportSettings.from(cfg), NotifySettings.from(cfg));
    }
}
