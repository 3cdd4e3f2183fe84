package io.intercomsync.report;

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
 * Any cell a spreadsheet would run as a formula is written inert (a leading apostrophe).
 */
public final class ErrorsCsvWriter implements Closeable {
    private final Path file;
    private final CSVPrinter printer;
    private boolean closed;

    public ErrorsCsvWriter(Path file, List<String> originalHeader) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.printer = new CSVPrinter(out, CSVFormat.DEFAULT);
            List<String> header = new ArrayList<>(List.of("row_number", "error", "failed_at"));
            originalHeader.forEach(h -> header.add(inert(h)));
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
        cells.add(inert(error));
        cells.add(failedAt.toString());
        for (String v : originalValues) {
            cells.add(inert(v));
        }
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the errors CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Spreadsheets run a cell starting with = + - @ (or a tab or carriage return before one) as a formula;
     * a leading apostrophe makes it text (OWASP's advice for CSV injection).
     */
    public static String inert(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
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
