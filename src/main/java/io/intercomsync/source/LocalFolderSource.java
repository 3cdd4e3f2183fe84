package io.intercomsync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Picks the newest timestamped file in a local folder (source.type=local). */
public final class LocalFolderSource {
    private final Path folder;
    private final TimestampedName names;

    public LocalFolderSource(Path folder, TimestampedName names) {
        this.folder = folder;
        this.names = names;
    }

    /** The newest matching regular file, or empty when none matches. */
    public Optional<Path> newest() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> names.timestampOf(n).isPresent())
                    .max(names.newestLast())
                    .map(folder::resolve);
        } catch (NoSuchFileException e) {
            throw new SourceException("source.local.folder '" + folder + "' does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list source.local.folder '" + folder + "': " + e.getMessage(), e);
        }
    }

    /** What the caller tells a user when nothing matched. */
    public String noMatchMessage() {
        return "no file in '" + folder + "' matches source.file-pattern '" + names.description() + "'";
    }
}
