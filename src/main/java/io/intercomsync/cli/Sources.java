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
            case "s3" -> new S3Source(settings.s3(), settings.fileNames(),
                    new io.intercomsync.camel.S3Endpoints(S3Source.client(settings.s3())), S3Source.regionOf(settings.s3()));
            case "sftp" -> new SftpSource(SftpSettings.from(cfg), settings.fileNames(), settings.completeness());
            default -> throw new ConfigException("source.type=" + settings.sourceType() + " is not supported: use local, s3 or sftp");
        };
    }

    /** What the source's own routes need in Camel's registry: the S3 source's client and calls (routes/s3). */
    static java.util.Map<String, Object> beans(Source source) {
        return source instanceof S3Source s3 && s3.calls() instanceof io.intercomsync.camel.S3Endpoints endpoints
                ? endpoints.beans() : java.util.Map.of();
    }

    /** The route folders of the source itself, beside the command's: routes/s3 for source.type=s3. */
    static String[] routeFolders(ImportSettings settings, String... commandFolders) {
        boolean s3 = settings.sourceUri() == null && "s3".equals(settings.sourceType());
        if (!s3) {
            return commandFolders;
        }
        String[] all = java.util.Arrays.copyOf(commandFolders, commandFolders.length + 1);
        all[commandFolders.length] = "s3";
        return all;
    }
}
