package io.intercomsync.camel;

import io.intercomsync.imports.ImportRequest;
import io.intercomsync.imports.FileKeptException;
import io.intercomsync.report.RunReport;
import io.intercomsync.source.Source;
import io.intercomsync.source.EndpointUri;
import io.intercomsync.source.SourceException;
import io.intercomsync.source.SourceFile;
import io.intercomsync.source.TimestampedName;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * What a source's endpoint (source.uri, or the source.type=local shorthand) needs from us, as the beans its options name: the filter
 * ({@code #sourceFileNames}: names of source.file-pattern, and in watch mode only files not yet imported),
 * the sorters ({@code #newestFirst}, {@code #oldestFirst}: by the timestamp in the name), and the step that
 * turns the polled file into the run's {@link ImportRequest}. The decisions are {@link TimestampedName}'s
 * and the watcher's; this class only adapts them to Camel's file types.
 */
public final class PolledFiles {
    private final EndpointUri uri;
    private final TimestampedName names;
    private final Source source;

    /** {@code uri} null: the source is not an endpoint, and only {@link #keepFileUnlessImported} is ever called. */
    public PolledFiles(EndpointUri uri, TimestampedName names, Source source) {
        this.uri = uri;
        this.names = names;
        this.source = source;
    }

    /** The filter: a matching name (and, for watch mode, {@code wanted}: complete and not yet imported), never a folder. */
    public GenericFileFilter<Object> filter(Predicate<SourceFile> wanted) {
        return file -> !file.isDirectory() && names.timestampOf(file.getFileNameOnly()).isPresent()
                && (uri.remote() || !(file.getFile() instanceof java.io.File f) || f.isFile()) // a dangling link is no file
                && wanted.test(sourceFile(file, null));
    }

    public Comparator<GenericFile<Object>> oldestFirst() {
        Comparator<String> byName = names.newestLast();
        return (a, b) -> byName.compare(a.getFileNameOnly(), b.getFileNameOnly());
    }

    public Comparator<GenericFile<Object>> newestFirst() {
        return oldestFirst().reversed();
    }

    /**
     * The run's request for the file the exchange carries (after the one-shot's pollEnrich, or from watch
     * mode's consumer); no file: the source's "no match" sentence.
     */
    public ImportRequest request(ImportRequest asked, Exchange exchange) {
        GenericFile<?> file = exchange.getMessage().getBody(GenericFile.class);
        if (file == null) {
            file = exchange.getProperty(org.apache.camel.ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
        }
        if (file == null) {
            throw new SourceException(source.noMatchMessage());
        }
        String localWork = exchange.getMessage().getHeader(FileConstants.FILE_LOCAL_WORK_PATH, String.class);
        SourceFile picked = sourceFile(file, localWork);
        ImportRequest base = asked != null ? asked : new ImportRequest(null, false, false, null);
        return base.withPicked(picked);
    }

    /**
     * The run's report, or, when the run did not import the polled file (it stopped, or it was a dry run),
     * a {@link FileKeptException} carrying it: the endpoint then rolls the file back instead of applying
     * its move=/delete=.
     */
    public RunReport keepFileUnlessImported(RunReport report, Exchange exchange) {
        ImportRequest request = exchange.getProperty("importRequest", ImportRequest.class);
        if (request != null && request.picked() != null && (request.dryRun() || RunReport.FAILED.equals(report.status()))) {
            throw new FileKeptException(report);
        }
        return report;
    }

    /**
     * The source's file for what the endpoint listed: a local file as the source names it (its folder as
     * configured), a remote one read from its download in the work folder.
     */
    private SourceFile sourceFile(GenericFile<?> file, String localWork) {
        if (!uri.remote()) {
            return source.named(uri.localFolder().resolve(file.getRelativeFilePath()).toString());
        }
        Path local = localWork != null ? Path.of(localWork) : null;
        return new Polled(nameOf(file), local, file.getFileLength());
    }

    private String nameOf(GenericFile<?> file) {
        String base = uri.location();
        String folder = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return folder + "/" + file.getRelativeFilePath();
    }

    /**
     * A remote file, read from its download in the work folder (null before the download). Its version is
     * its size alone: the listing Camel hands over was taken before the read lock waited out the upload,
     * so its size and time may be those of a piece, while the download is the whole file; the next
     * listing's size is the whole file's again, and the file is not taken for changed. A remote file
     * written again with the very same size is therefore not imported again.
     */
    record Polled(String name, Path local, long listedSize) implements SourceFile {
        @Override
        public long size() {
            try {
                return local != null ? Files.size(local) : listedSize;
            } catch (IOException e) {
                return listedSize;
            }
        }

        @Override
        public String version() {
            return size() + " bytes";
        }


        @Override
        public InputStream open() {
            if (local == null) {
                throw new SourceException("'" + name + "' was polled without a local copy: set localWorkDirectory in source.uri");
            }
            try {
                return Files.newInputStream(local);
            } catch (NoSuchFileException e) {
                throw new SourceException("'" + name + "' is gone: it was removed after it was polled");
            } catch (IOException e) {
                throw new SourceException("cannot read '" + name + "': " + e.getMessage());
            }
        }
    }
}
