package io.intercomsync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Picks the newest timestamped file in a local folder (source.type=local). */
public final class LocalFolderSource implements Source {
    private final Path folder;
    private final TimestampedName names;

    public LocalFolderSource(Path folder, TimestampedName names) {
        this.folder = folder;
        this.names = names;
    }

    @Override
    public List<SourceFile> matching() {
        return matchingPaths().stream().<SourceFile>map(LocalFile::new).toList();
    }

    @Override
    public SourceFile named(String location) {
        if (location.startsWith("s3://")) {
            throw new SourceException("--file " + location + " is an S3 object, but source.type is local");
        }
        return new LocalFile(Path.of(location));
    }

    /** The matching regular files, oldest timestamp first. */
    public List<Path> matchingPaths() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .filter(n -> names.timestampOf(n).isPresent())
                    .sorted(names.newestLast())
                    .map(folder::resolve)
                    .toList();
        } catch (NoSuchFileException e) {
            throw new SourceException("source.local.folder '" + folder + "' does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list source.local.folder '" + folder + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return folder.toString();
    }

    @Override
    public String noMatchMessage() {
        return "no file in '" + folder + "' matches source.file-pattern '" + names.description() + "'";
    }
}
