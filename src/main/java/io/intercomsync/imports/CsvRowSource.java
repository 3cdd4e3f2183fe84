package io.intercomsync.imports;

import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.RowMapper;
import io.intercomsync.mapping.RowMappingException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Streams a CSV file as {@link RowTask}s: reads the header, then maps one record at a time, so memory
 * does not depend on the file's size. Rows that cannot be read or mapped come out as rejected tasks
 * carrying the reason; only a file that has no header at all fails as a whole.
 *
 * <p>Must be iterated from one thread: that is what puts same-key rows in file order (see {@link KeySequencer}).
 */
public final class CsvRowSource implements Iterator<RowTask>, Closeable {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final RowMapper mapper;
    private final KeySequencer sequencer;
    private final String encodingName;
    private boolean broken;
    private RuntimeException unreadable; // a parse failure hasNext() met, for next() to report

    public CsvRowSource(InputStream in, Charset charset, char delimiter,
                        Function<List<String>, RowMapper> mapperForHeader, KeySequencer sequencer) {
        this.sequencer = sequencer;
        this.encodingName = charset.name();
        // Bytes that are not valid in the configured encoding become U+FFFD here and fail their row
        // below, instead of aborting the file or being sent to Intercom as garbage.
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        try {
            skipByteOrderMark(reader);
            this.parser = CSVFormat.DEFAULT.builder()
                    .setDelimiter(delimiter)
                    .setIgnoreEmptyLines(true)
                    .get()
                    .parse(reader);
            this.records = parser.iterator();
            if (!records.hasNext()) {
                throw new CsvFileException("the file is empty: it has no header row");
            }
            this.header = records.next().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new CsvFileException("the header row cannot be read: " + rootMessage(e), e);
        }
        this.mapper = mapperForHeader.apply(header);
    }

    public List<String> header() {
        return header;
    }

    @Override
    public boolean hasNext() {
        if (broken) {
            return false;
        }
        if (unreadable != null) {
            return true;
        }
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            unreadable = e; // next() turns it into a rejected row
            return true;
        }
    }

    @Override
    public RowTask next() {
        if (broken) {
            throw new NoSuchElementException();
        }
        CSVRecord record;
        try {
            if (unreadable != null) {
                throw unreadable;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv cannot resynchronise after a broken quote: what follows is unreadable.
            broken = true;
            long row = parser.getRecordNumber(); // records so far incl. header = this row's data number
            return RowTask.rejected(row, List.of(), "the file cannot be read from here on: " + rootMessage(e));
        }
        long rowNumber = record.getRecordNumber() - 1;
        List<String> values = record.toList();
        String invalid = invalidCharacters(values);
        if (invalid != null) {
            return RowTask.rejected(rowNumber, values, invalid);
        }
        try {
            MappedRow mapped = mapper.map(values);
            return RowTask.mapped(rowNumber, values, mapped, sequencer.enter(mapped.key().dedupeKey()));
        } catch (RowMappingException e) {
            return RowTask.rejected(rowNumber, values, e.getMessage());
        }
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
        return index < header.size() ? header.get(index) : "#" + (index + 1);
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
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
        parser.close();
    }
}
