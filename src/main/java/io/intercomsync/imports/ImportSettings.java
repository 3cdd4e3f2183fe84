package io.intercomsync.imports;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.ledger.LedgerSettings;
import io.intercomsync.source.Completeness;
import io.intercomsync.source.EndpointUri;
import io.intercomsync.source.S3Settings;
import io.intercomsync.source.TimestampedName;
import io.intercomsync.sync.ImportRules;
import io.intercomsync.sync.SyncSettings;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The import's configuration, validated once at startup; every error names its key. Every key the
 * routes read ({@code intercom.retry-delay-ms}, {@code intercom.max-retry-delay-ms}) is checked here
 * too, so a bad value stops the command before Camel starts instead of at the first retry.
 *
 * @param sync         the engine's part: Intercom, retries, pacing, the ledger, the import rules, the output folder
 * @param maxRowChars  a CSV row longer than this fails alone, without being held in memory
 * @param completeness when a source file is whole enough to read (local folders)
 */
public record ImportSettings(
        SyncSettings sync,
        String sourceType,
        Path localFolder,
        TimestampedName fileNames,
        char delimiter,
        Charset encoding,
        Path mappingFile,
        S3Settings s3, // null unless source.type=s3
        int maxRowChars,
        Completeness completeness,
        EndpointUri sourceUri) { // null unless source.uri is set

    /**
     * The Camel endpoint the routes poll: source.uri, or source.type=local as a file endpoint over
     * source.local.folder; null for s3 and sftp, which are listed by their sources, and for a local folder
     * whose path a file URI cannot hold (see EndpointUri.canName), listed by the local source.
     */
    public EndpointUri endpoint() {
        if (sourceUri != null) {
            return sourceUri;
        }
        return sourceType.equals("local") && EndpointUri.canName(localFolder) ? EndpointUri.localFolder(localFolder) : null;
    }

    public static ImportSettings from(AppConfig c) {
        IntercomSettings intercom;
        try {
            intercom = new IntercomSettings(
                    URI.create(c.text("intercom.base-url")),
                    c.text("intercom.access-token"),
                    c.text("intercom.api-version"),
                    Duration.ofMillis(c.whole("intercom.connect-timeout-ms")),
                    Duration.ofMillis(c.whole("intercom.request-timeout-ms")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        String type = c.text("source.type");
        if (!type.equals("local") && !type.equals("s3") && !type.equals("sftp")) {
            throw new ConfigException("source.type=" + type + " is not supported: use local, s3 or sftp");
        }
        EndpointUri sourceUri = null;
        String uri = c.text("source.uri");
        if (uri != null) {
            try {
                sourceUri = EndpointUri.parse(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            if (!type.equals("local")) {
                throw new ConfigException("source.uri and source.type=" + type + " are both set: source.uri names the source"
                        + " on its own, so leave source.type out (or drop source.uri)");
            }
        }
        TimestampedName names;
        try {
            names = new TimestampedName(c.text("source.file-pattern"),
                    c.text("source.timestamp-format"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        String delimiter = c.text("csv.delimiter");
        String rawDelimiter = c.raw("csv.delimiter");
        // csv.delimiter=\t in a properties file (as the README writes it) arrives as a tab character,
        // which is blank: without this the default comma stood in for it silently
        if (rawDelimiter != null && rawDelimiter.isBlank() && rawDelimiter.indexOf('\t') >= 0) {
            delimiter = "\t";
        }
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            delimiter = "\t";
        }
        if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
            throw new ConfigException("csv.delimiter='" + delimiter + "' must be a single character other than a quote or line break (use \\t for tab)");
        }
        Charset encoding;
        String enc = c.text("csv.encoding");
        try {
            encoding = Charset.forName(enc);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigException("csv.encoding=" + enc + " is not an encoding this JVM knows (try UTF-8, ISO-8859-1, windows-1252)");
        }
        String mapping = c.text("mapping.file");
        String stateUrl = c.text("state.url");
        if (!stateUrl.startsWith("jdbc:sqlite:") && !stateUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("state.url=" + io.intercomsync.ledger.Ledger.describe(stateUrl)
                    + " is not supported: use jdbc:sqlite:<file> or jdbc:postgresql://host[:port]/database");
        }
        LedgerSettings ledger = new LedgerSettings(stateUrl, c.text("state.user"), c.text("state.password"),
                c.integer("state.flush-rows"),
                Duration.ofMillis(c.whole("state.flush-interval-ms")));
        long retryDelay = c.whole("intercom.retry-delay-ms");
        long maxRetryDelay = c.whole("intercom.max-retry-delay-ms");
        if (maxRetryDelay < retryDelay) {
            throw new ConfigException("intercom.max-retry-delay-ms=" + maxRetryDelay + " is below intercom.retry-delay-ms="
                    + retryDelay + ": the longest wait cannot be shorter than the first");
        }
        SyncSettings sync = new SyncSettings(intercom,
                new RetryPolicy(c.integer("intercom.max-attempts"), Duration.ofMillis(retryDelay), Duration.ofMillis(maxRetryDelay)),
                Duration.ofMillis(c.whole("intercom.preflight-timeout-ms")),
                c.integer("intercom.max-in-flight"),
                ledger,
                c.flag("mapping.create-missing-attributes"),
                Path.of(c.text("output.folder")),
                ImportRules.from(c));
        // every number is checked at startup; the rest of source.sftp.* is read when source.type=sftp
        io.intercomsync.source.SftpSettings.checkNumbers(c);
        Completeness completeness;
        try {
            completeness = new Completeness(Duration.ofMillis(c.whole("source.stable-ms")),
                    c.text("source.done-marker"),
                    Duration.ofMillis(c.whole("source.complete-timeout-ms")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ImportSettings(sync,
                type,
                Path.of(c.text("source.local.folder")),
                names,
                delimiter.charAt(0),
                encoding,
                mapping == null ? null : Path.of(mapping),
                type.equals("s3") ? S3Settings.from(c) : null,
                c.integer("csv.max-row-chars"),
                completeness,
                sourceUri);
    }
}
