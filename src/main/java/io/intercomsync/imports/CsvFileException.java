package io.intercomsync.imports;

/** The file as a whole cannot be imported (empty, no header, unreadable): the run fails with this message. */
public final class CsvFileException extends RuntimeException {
    public CsvFileException(String message) {
        super(message);
    }

    public CsvFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
