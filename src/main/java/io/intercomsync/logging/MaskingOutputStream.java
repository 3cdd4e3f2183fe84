package io.intercomsync.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * {@link MaskingWriter} for a byte stream (System.out and System.err): bytes are held until their line
 * ends, then the line is masked; a flush writes what it has but an end that could start a secret. Text
 * without a secret goes out as the very bytes it came in.
 */
public final class MaskingOutputStream extends OutputStream {
    private final OutputStream out;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public MaskingOutputStream(OutputStream out, Charset charset) {
        this.out = out;
        this.charset = charset;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset(); // let go first: a write that fails is not made again by the next flush
        String text = new String(bytes, charset);
        String masked = Secrets.mask(text);
        out.write(masked.equals(text) ? bytes : masked.getBytes(charset));
    }

    @Override
    public synchronized void flush() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        String text = new String(bytes, charset);
        String masked = Secrets.mask(text);
        int keep = Secrets.heldBack(masked);
        if (keep == 0 && masked.equals(text)) {
            out.write(bytes);
        } else {
            line.write(masked.substring(masked.length() - keep).getBytes(charset));
            out.write(masked.substring(0, masked.length() - keep).getBytes(charset));
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        out.close();
    }
}
