package io.intercomsync.imports;

import io.intercomsync.mapping.RowMapper;
import io.intercomsync.mapping.RowMappingException;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.sync.KeySequencer;
import io.intercomsync.sync.RowTask;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streams a CSV file as {@link RowTask}s: reads the header, then one record at a time, so memory does not
 * depend on the file's size; each row is mapped when first needed ({@link RowTask#toMap}). Every record becomes exactly one task: rows that cannot be read
 * (a broken quote, too long) or mapped come out as rejected tasks carrying the reason and their line;
 * a broken quote fails its own row only and the rows after it are read again ({@link CsvRecordReader}).
 * Only a file without a header, or one that cannot be read at all, fails as a whole. An errors CSV of an
 * earlier run ({@code row_number, error, failed_at}, then the original columns) reads as the original
 * file: without those three columns, each cell as it was before the writer made it inert.
 *
 * <p>Must be iterated from one thread: that is what puts same-key rows in file order (see {@link KeySequencer}).
 */
public final class CsvRowSource implements Iterator<RowTask>, Closeable {
    private final CsvRecordReader reader;
    private final List<String> header;
    private final RowMapper mapper;
    private final RowDigest digests; // null: the rows are always mapped
    private final Function<List<String>, io.intercomsync.mapping.MappedRow> mapRow;
    private final KeySequencer sequencer;
    private final String encodingName;
    private final int maxRowChars;
    private volatile long rowsRead; // read by the progress line's thread
    private CsvRecordReader.Record pending; // read by hasNext(), handed out by next()
    private boolean ended;
    /** An errors CSV fed back in: its own columns are left out and each cell's formula guard taken off. */
    private final boolean errorsFile;

    /**
     * @param in          the file's bytes
     * @param reopen      opens the file again from its start (to re-read lines a broken quote had swallowed)
     * @param maxRowChars a longer row fails alone, without being held in memory (csv.max-row-chars)
     */
    public CsvRowSource(InputStream in, Supplier<InputStream> reopen, Charset charset, char delimiter, int maxRowChars,
                        Function<List<String>, RowMapper> mapperForHeader, KeySequencer sequencer) {
        this.sequencer = sequencer;
        this.encodingName = charset.name();
        this.maxRowChars = maxRowChars;
        AtomicBoolean first = new AtomicBoolean(true);
        try {
            this.reader = new CsvRecordReader(() -> textOf(first.getAndSet(false) ? in : reopen.get(), charset),
                    delimiter, maxRowChars);
            CsvRecordReader.Record head = reader.next();
            if (head == null) {
                throw new CsvFileException("the file is empty: it has no header row");
            }
            if (head.problem() != null) {
                throw new CsvFileException("the header row cannot be read: " + describe(head));
            }
            this.errorsFile = ErrorsCsvWriter.isErrorsFile(head.values());
            this.header = original(head.values());
        } catch (IOException | UncheckedIOException e) {
            throw new CsvFileException("the header row cannot be read: " + rootMessage(e), e);
        }
        this.mapper = mapperForHeader.apply(header);
        this.mapRow = mapper::map;
        // a row with a company is written by the writers whatever its digest: only other mappings keep one
        this.digests = mapper.mapsCompanies() || !RowDigest.available() ? null : new RowDigest(mapper.identity());
    }

    public List<String> header() {
        return header;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !ended) {
            pending = read();
            ended = pending == null;
        }
        return pending != null;
    }

    /** The file is an errors CSV fed back in: it holds only the rows that failed, not a whole export. */
    boolean errorsCsv() {
        return errorsFile;
    }

    @Override
    public RowTask next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecordReader.Record record = pending;
        pending = null;
        long rowNumber = ++rowsRead;
        List<String> values = original(record.values());
        if (record.problem() != null) {
            return RowTask.rejected(rowNumber, values, describe(record));
        }
        String invalid = invalidCharacters(values);
        if (invalid != null) {
            return RowTask.rejected(rowNumber, values, invalid); // its key may be among the bytes that do not decode
        }
        String key = mapper.dedupeKeyOf(values);
        if (key == null) {
            try {
                mapper.map(values); // a row that says nobody's contact does not map: this says why
            } catch (RowMappingException e) {
                return RowTask.rejected(rowNumber, values, e.getMessage());
            }
            return RowTask.rejected(rowNumber, values, "row has no id, external_id or email to match a contact");
        }
        // mapped when first needed, by whichever thread: a row the ledger knows by its digest never is
        return RowTask.toMap(rowNumber, values, mapRow, key, digests == null ? null : digests.of(values),
                sequencer.enter(key));
    }

    /** The next record; a file that stops being readable fails the run, since the rows after cannot be counted. */
    private CsvRecordReader.Record read() {
        try {
            return reader.next();
        } catch (IOException | UncheckedIOException e) {
            throw new CsvFileException("the file cannot be read after line " + reader.line() + ": " + rootMessage(e), e);
        } catch (OutOfMemoryError e) {
            throw new CsvFileException("the row at line " + reader.line() + " does not fit in memory (its row is longer than "
                    + "the JVM's heap allows; lower csv.max-row-chars, now " + maxRowChars + ", or give Java more memory with -Xmx)");
        }
    }

    /** The row as the user wrote it: for an errors CSV, without its own columns and formula guards. */
    private List<String> original(List<String> values) {
        if (!errorsFile) {
            return values;
        }
        int own = ErrorsCsvWriter.OWN_COLUMNS.size();
        List<String> row = new ArrayList<>(Math.max(0, values.size() - own));
        for (int i = own; i < values.size(); i++) {
            row.add(ErrorsCsvWriter.original(values.get(i)));
        }
        return row;
    }

    private String describe(CsvRecordReader.Record record) {
        String at = "line " + record.line() + ": ";
        return switch (record.problem()) {
            case UNCLOSED_QUOTE -> at + "the quote that opens column '" + columnName(record.column())
                    + "' is not closed on its row (a missing \"?); the lines after it were read as rows of their own";
            case TEXT_AFTER_QUOTE -> at + "column '" + columnName(record.column())
                    + "' has text after its closing quote (a stray \"? inside a quoted value write \"\" for a quote)";
            case TOO_LONG -> at + "the row is longer than csv.max-row-chars (" + maxRowChars + " characters); it was not read";
        };
    }

    private String invalidCharacters(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            for (int c = 0; c < v.length(); c++) {
                char ch = v.charAt(c);
                if (ch == '\uFFFD') {
                    return "column '" + columnName(i) + "' has bytes that are not valid " + encodingName
                            + " (check csv.encoding)";
                }
                if (ch == '\0') {
                    return "column '" + columnName(i) + "' contains a NUL byte";
                }
            }
        }
        return null;
    }

    private String columnName(int index) {
        return header != null && index >= 0 && index < header.size() ? header.get(index) : "#" + (index + 1);
    }

    /**
     * The file's text, without a leading byte order mark. Bytes that are not valid in the configured
     * encoding become U+FFFD here and fail their row, instead of aborting the file or being sent to
     * Intercom as garbage.
     */
    private static Reader textOf(InputStream in, Charset charset) {
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reader;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Rows read so far, whatever became of them. */
    public long rowsRead() {
        return rowsRead;
    }
}
