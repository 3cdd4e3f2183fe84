package io.intercomsync.report;

import io.intercomsync.logging.Secrets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code user_errors.csv}: {@code row_number, error, failed_at}, then the row's original columns, so a
 * user can fix the rows and feed the file back in. Thread-safe; rows appear in the order they failed.
 *
 * <p>Any cell a spreadsheet would run as a formula is written inert, with a leading apostrophe, and so
 * is any cell that already starts with one: {@link #inert} and {@link #original} are exact inverses,
 * so the import, which recognises an errors CSV by its first columns ({@link #isErrorsFile}), gives
 * Intercom the original values byte for byte, a value that really starts with an apostrophe included.
 * Every cell passes {@link Secrets#mask}: a secret quoted back in an error, or found in a row, is not
 * written.
 */
public final class ErrorsCsvWriter implements Closeable {
    /** The columns this file adds in front of the row's own. */
    public static final List<String> OWN_COLUMNS = List.of("row_number", "error", "failed_at");

    private final Path file;
    private final CSVPrinter printer;
    private boolean closed;

    public ErrorsCsvWriter(Path file, List<String> originalHeader) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.printer = new CSVPrinter(out, CSVFormat.DEFAULT);
            List<String> header = new ArrayList<>(OWN_COLUMNS);
            originalHeader.forEach(h -> header.add(inert(Secrets.mask(h))));
            printer.printRecord(header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the errors CSV " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void write(long rowNumber, String error, Instant failedAt, List<String> originalValues) {
        List<String> cells = new ArrayList<>(3 + originalValues.size());
        cells.add(Long.toString(rowNumber));
        cells.add(inert(Secrets.mask(error)));
        cells.add(failedAt.toString());
        for (String v : originalValues) {
            cells.add(inert(Secrets.mask(v)));
        }
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the errors CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Spreadsheets run a cell starting with = + - @ (or a tab or carriage return before one) as a formula;
     * a leading apostrophe makes it text (OWASP's advice for CSV injection). A cell that starts with an
     * apostrophe gets one more, so that {@link #original} can always take exactly one away.
     */
    public static String inert(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' || first == '\'') {
            return "'" + cell;
        }
        return cell;
    }

    /** The cell as it was before {@link #inert}: one leading apostrophe, if any, taken away. */
    public static String original(String cell) {
        return cell != null && cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /** Whether a CSV header is an errors file's: it starts with {@link #OWN_COLUMNS}. */
    public static boolean isErrorsFile(List<String> header) {
        return header.size() >= OWN_COLUMNS.size() && header.subList(0, OWN_COLUMNS.size()).equals(OWN_COLUMNS);
    }

    /** Writes what is buffered to the file (the Singer target does before it confirms a STATE). */
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the errors CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /** Flushes and closes the file; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the errors CSV " + file + ": " + e.getMessage(), e);
        }
    }
}
