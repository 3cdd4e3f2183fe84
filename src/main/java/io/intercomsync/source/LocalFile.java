package io.intercomsync.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file on the local disk. */
public record LocalFile(Path path) implements SourceFile {
    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String version() {
        try {
            return Files.size(path) + " bytes, modified " + Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InputStream open() {
        if (Files.isDirectory(path)) {
            throw new SourceException("'" + path + "' is a folder, not a CSV file");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new SourceException("file '" + path + "' does not exist");
        } catch (IOException e) {
            throw new SourceException("cannot read '" + path + "': " + e.getMessage());
        }
    }
}
