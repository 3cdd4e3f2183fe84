package io.intercomsync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Picks the newest timestamped file in a local folder (source.type=local), and tells whether a file is
 * complete (see {@link Completeness}): an exporter may still be writing it in place.
 */
public final class LocalFolderSource implements Source {
    private final Path folder;
    private final TimestampedName names;
    private final Completeness completeness;
    /** The last look at each file, for {@link Completeness#judge}'s "unchanged between two looks". */
    private final Map<Path, Completeness.Look> looks = new ConcurrentHashMap<>();

    public LocalFolderSource(Path folder, TimestampedName names) {
        this(folder, names, Completeness.immediate());
    }

    public LocalFolderSource(Path folder, TimestampedName names, Completeness completeness) {
        this.folder = folder;
        this.names = names;
        this.completeness = completeness;
    }

    @Override
    public Completeness.Verdict completeness(SourceFile file) {
        if (!(file instanceof LocalFile local)) {
            return Completeness.Verdict.COMPLETE;
        }
        Path path = local.path();
        Completeness.Look now;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Completeness.Verdict.COMPLETE; // opening it says what is wrong
            }
            String marker = completeness.markerFor(path.getFileName().toString());
            now = new Completeness.Look(attributes.size(), attributes.lastModifiedTime().toMillis(),
                    System.currentTimeMillis(), marker != null && Files.exists(path.resolveSibling(marker)));
        } catch (IOException e) {
            return Completeness.Verdict.COMPLETE; // gone or unreadable: opening it says so
        }
        Completeness.Look earlier = looks.get(path);
        if (earlier == null || !now.unchangedSince(earlier)) {
            looks.put(path, now);
        }
        Completeness.Verdict verdict = completeness.judge(earlier, now);
        if (verdict.complete()) {
            looks.remove(path);
        }
        return verdict;
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

    /** The folder's own failures, as Camel's file endpoint over it raises them, in this source's words. */
    @Override
    public String describe(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("Directory does not exist") || t instanceof NoSuchFileException) {
                return Files.isRegularFile(folder) ? "source.local.folder '" + folder + "' is a file, not a folder"
                        : "source.local.folder '" + folder + "' does not exist";
            }
        }
        return Source.super.describe(failure);
    }

    @Override
    public String noMatchMessage() {
        if (Files.isDirectory(folder) && !Files.isReadable(folder)) {
            // the file endpoint lists an unreadable folder as an empty one
            return "cannot list source.local.folder '" + folder + "': permission denied";
        }
        return "no file in '" + folder + "' matches source.file-pattern '" + names.description() + "'";
    }
}
