package io.intercomsync.logging;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes every line through {@link Secrets#mask} before it reaches {@code out}: the
 * console's stdout and stderr, so that nothing a command prints can show a secret. A flush in the
 * middle of a line writes what it has but the end that could be the start of a secret, so a secret
 * printed in pieces is still masked whole.
 */
public final class MaskingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public MaskingWriter(Writer out) {
        this.out = out;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) throws IOException {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (chars[i] == '\n') {
                line.append(chars, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.append(chars, start, end - start);
    }

    /** Writes the held line; it is let go first, so that a write that fails is not made again by the next flush. */
    private void emit() throws IOException {
        if (line.length() > 0) {
            String text = line.toString();
            line.setLength(0);
            out.write(Secrets.mask(text));
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        String masked = Secrets.mask(line.toString());
        int keep = Secrets.heldBack(masked);
        line.setLength(0);
        line.append(masked, masked.length() - keep, masked.length());
        if (masked.length() > keep) {
            out.write(masked, 0, masked.length() - keep);
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        out.close();
    }
}
