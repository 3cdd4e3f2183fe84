package io.intercomsync.imports;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits CSV text into records the way commons-csv's {@code CSVFormat.DEFAULT} reads them (RFC 4180: a
 * field that starts with a quote is quoted, {@code ""} is a quote inside it, line breaks inside quotes
 * belong to the value, empty lines are skipped), and knows each record's line number.
 *
 * <p>Hand-written because commons-csv cannot go on after a broken quote (every later row becomes part
 * of one never-ending value) and cannot bound a row's size. Here a quote that is never closed, or that
 * closes lines later in front of other text, fails its own row only: the lines after that row's first
 * line are read again as rows of their own, from what was kept of them or, when the row outgrew
 * {@code maxRowChars}, from the file opened again. A row longer than {@code maxRowChars} is skipped
 * without being held in memory and fails alone.
 */
final class CsvRecordReader implements Closeable {
    /**
     * What is wrong with a record; {@code column} is the 0-based index of the field it concerns.
     * {@code UNCLOSED_QUOTE}: a quote left open at the end of the text, or running over lines into text
     * after its close; {@code TEXT_AFTER_QUOTE}: text after a closing quote on the same line.
     */
    enum Problem { UNCLOSED_QUOTE, TEXT_AFTER_QUOTE, TOO_LONG }

    /**
     * One record. {@code problem} null: {@code values} are its fields. Otherwise {@code values} are what
     * could be made of its first line (empty for {@link Problem#TOO_LONG}).
     */
    record Record(long line, List<String> values, Problem problem, int column) {
    }

    private static final int NONE = -2;
    private static final int EOF = -1;

    private final Supplier<Reader> open;
    private final char delimiter;
    private final int maxRowChars;
    private final char[] buffer = new char[1 << 16];

    private Reader in;
    private int pos;
    private int len;
    private int peeked = NONE;
    private String pushback; // text to read again before the input
    private int pushbackPos;
    private long line = 1; // the line of the next character read

    // the record being read
    private StringBuilder continuation; // the text after its first line, kept while it may have to be read again
    private boolean continuationOverflowed;
    private long rowChars;

    /** @param open opens the text from its first character (after any byte order mark); called again to re-read */
    CsvRecordReader(Supplier<Reader> open, char delimiter, int maxRowChars) {
        this.open = open;
        this.delimiter = delimiter;
        this.maxRowChars = maxRowChars;
        this.in = open.get();
    }

    /** The line the next record starts on or after. */
    long line() {
        return line;
    }

    /** The next record, or null at the end of the text. */
    Record next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') { // empty lines are not records
            endOfLine(c);
            c = read();
        }
        if (c == EOF) {
            return null;
        }
        long start = line;
        continuation = null;
        continuationOverflowed = false;
        rowChars = 0;
        List<String> fields = new ArrayList<>();
        List<String> firstLine = null; // the fields of the first line, once the record spans several
        StringBuilder field = new StringBuilder();
        boolean tooLong = false;
        while (true) {
            if (c == '"') { // a quoted field
                int quoteColumn = fields.size();
                while (true) {
                    c = read();
                    if (c == EOF) {
                        return broken(start, firstLine, fields, field, quoteColumn, Problem.UNCLOSED_QUOTE);
                    }
                    if (c == '"') {
                        if (peek() != '"') {
                            break;
                        }
                        read(); // "" is one quote inside the value: appended below
                    } else if (c == '\n' || c == '\r') {
                        if (firstLine == null) {
                            firstLine = new ArrayList<>(fields);
                            firstLine.add(field.toString());
                        }
                        tooLong |= append(field, (char) c);
                        if (c == '\r' && peek() == '\n') {
                            c = read();
                            tooLong |= append(field, (char) c);
                        }
                        line++;
                        if (continuation == null) {
                            continuation = new StringBuilder();
                        }
                        continue;
                    }
                    tooLong |= append(field, (char) c);
                }
                c = read(); // after the closing quote: only blanks before the delimiter or the line's end
                while (c != delimiter && c != '\n' && c != '\r' && c != EOF && Character.isWhitespace(c)) {
                    c = read();
                }
                if (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    if (firstLine != null) { // the quote ran on over lines into other text: it was never meant to
                        return broken(start, firstLine, fields, field, quoteColumn, Problem.UNCLOSED_QUOTE);
                    }
                    // On one line: the row fails alone; what follows the quote is kept as text, up to the line's end.
                    field.append('"');
                    while (c != '\n' && c != '\r' && c != EOF) {
                        if (c == delimiter) {
                            fields.add(field.toString());
                            field.setLength(0);
                        } else {
                            tooLong |= append(field, (char) c);
                        }
                        c = read();
                    }
                    fields.add(field.toString());
                    endOfLine(c);
                    return new Record(start, tooLong ? List.of() : fields, tooLong ? Problem.TOO_LONG : Problem.TEXT_AFTER_QUOTE,
                            quoteColumn);
                }
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    tooLong |= append(field, (char) c);
                    appendPlainRun(field);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c != delimiter) {
                endOfLine(c);
                continuation = null;
                return tooLong ? new Record(start, List.of(), Problem.TOO_LONG, -1) : new Record(start, fields, null, -1);
            }
            c = read();
        }
    }

    /**
     * A quote of the record starting at {@code start} broke it: the record fails with its first line, and
     * reading goes on at the line after that one.
     */
    private Record broken(long start, List<String> firstLine, List<String> fields, StringBuilder field, int column,
                          Problem problem) throws IOException {
        List<String> values = firstLine;
        if (values == null) { // the quote was left open on the last line
            values = new ArrayList<>(fields);
            values.add(field.toString());
        }
        StringBuilder kept = continuation;
        continuation = null;
        if (kept != null) {
            if (continuationOverflowed) {
                reopenAt(start + 1);
            } else {
                readAgain(kept, start + 1);
            }
        }
        boolean tooLong = values.stream().mapToLong(String::length).sum() > maxRowChars;
        return new Record(start, tooLong ? List.of() : values, problem, column);
    }

    private void readAgain(StringBuilder text, long fromLine) {
        if (peeked >= 0) {
            text.append((char) peeked);
        }
        peeked = NONE;
        String rest = pushback == null ? "" : pushback.substring(pushbackPos);
        pushback = text.append(rest).toString();
        pushbackPos = 0;
        line = fromLine;
    }

    /** The text after the record was not kept (it was too long): reads the input again from its start. */
    private void reopenAt(long fromLine) throws IOException {
        in.close();
        in = open.get();
        pos = 0;
        len = 0;
        peeked = NONE;
        pushback = null;
        line = 1;
        while (line < fromLine) {
            int c = take();
            if (c == EOF) {
                return;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
        }
    }

    /**
     * Appends the rest of a field without quotes straight from the buffer, up to its delimiter or line end
     * (not taken) or the buffer's end: most of a file's characters, each of which {@link #read} would
     * otherwise take one call. Only on a record's first line, with nothing peeked or pushed back, and up to
     * maxRowChars; otherwise it appends nothing and the caller reads on char by char.
     */
    private void appendPlainRun(StringBuilder field) {
        if (peeked != NONE || pushback != null || continuation != null) {
            return;
        }
        long room = maxRowChars - rowChars;
        if (room <= 0) {
            return; // too long already: char by char, as append() drops them
        }
        // never past maxRowChars: the character after that marks the row too long, in append()
        int limit = (int) Math.min(len, pos + room);
        int end = pos;
        while (end < limit) {
            char ch = buffer[end];
            if (ch == delimiter || ch == '\n' || ch == '\r') {
                break;
            }
            end++;
        }
        int n = end - pos;
        if (n == 0) {
            return;
        }
        field.append(buffer, pos, n);
        rowChars += n;
        pos = end;
    }

    /** Appends to a field; true once the record holds more than maxRowChars (it is then no longer kept). */
    private boolean append(StringBuilder field, char c) {
        if (++rowChars > maxRowChars) {
            if (field.length() > 0) {
                field.setLength(0);
                field.trimToSize();
            }
            return true;
        }
        field.append(c);
        return false;
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != EOF) {
            line++;
        }
    }

    private int read() throws IOException {
        int c = take();
        if (continuation != null && c != EOF && !continuationOverflowed) {
            if (continuation.length() >= maxRowChars) {
                continuationOverflowed = true;
                continuation.setLength(0);
                continuation.trimToSize();
            } else {
                continuation.append((char) c);
            }
        }
        return c;
    }

    /** The next character, not kept for reading again. */
    private int take() throws IOException {
        if (peeked != NONE) {
            int c = peeked;
            peeked = NONE;
            return c;
        }
        return raw();
    }

    private int peek() throws IOException {
        if (peeked == NONE) {
            peeked = raw();
        }
        return peeked;
    }

    private int raw() throws IOException {
        if (pushback != null) {
            if (pushbackPos < pushback.length()) {
                return pushback.charAt(pushbackPos++);
            }
            pushback = null;
        }
        if (pos == len) {
            len = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return EOF;
            }
        }
        return buffer[pos++];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
