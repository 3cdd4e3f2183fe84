package io.intercomsync.cli;

import io.intercomsync.config.ConfigException;
import io.intercomsync.imports.ImportSettings;
import io.intercomsync.source.LocalFolderSource;
import io.intercomsync.source.S3Source;
import io.intercomsync.source.Source;

/** The {@link Source} that source.type names. */
final class Sources {
    private Sources() {
    }

    static Source of(ImportSettings settings) {
        return switch (settings.sourceType()) {
            case "local" -> new LocalFolderSource(settings.localFolder(), settings.fileNames(), settings.completeness());
            // credentials from the AWS default chain: environment, profile, web identity
            case "s3" -> S3Source.create(settings.s3(), settings.fileNames());
            default -> throw new ConfigException("source.type=" + settings.sourceType() + " is not supported: use local or s3");
        };
    }
}
