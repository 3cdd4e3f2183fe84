package io.intercomsync.cli;

import io.intercomsync.config.ConfigException;
import io.intercomsync.imports.ImportSettings;
import io.intercomsync.source.LocalFolderSource;
import io.intercomsync.source.S3Source;
import io.intercomsync.source.SftpSettings;
import io.intercomsync.source.SftpSource;
import io.intercomsync.source.Source;
import io.intercomsync.config.AppConfig;

/** The {@link Source} that source.type names. */
final class Sources {
    private Sources() {
    }

    static Source of(AppConfig cfg, ImportSettings settings) {
        if (settings.sourceUri() != null) {
            io.intercomsync.logging.Secrets.register(settings.sourceUri().secrets());
            return new io.intercomsync.source.EndpointSource(settings.sourceUri(), settings.fileNames());
        }
        return switch (settings.sourceType()) {
            case "local" -> new LocalFolderSource(settings.localFolder(), settings.fileNames(), settings.completeness());
            // credentials from the AWS default chain: environment, profile, web identity
            case "s3" -> S3Source.create(settings.s3(), settings.fileNames());
            case "sftp" -> new SftpSource(SftpSettings.from(cfg), settings.fileNames(), settings.completeness());
            default -> throw new ConfigException("source.type=" + settings.sourceType() + " is not supported: use local, s3 or sftp");
        };
    }
}
