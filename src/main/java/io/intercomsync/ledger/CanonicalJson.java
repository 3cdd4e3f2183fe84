package io.intercomsync.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a request body as the bytes Jackson writes for it with {@code ORDER_MAP_ENTRIES_BY_KEYS}, byte
 * for byte, without Jackson's per-call work (a serializer lookup per value, a TreeMap copy per map): the
 * fingerprint of every row of a re-run is taken from these bytes, and they must stay the bytes every
 * ledger's fingerprints were taken from. Only the values a body holds are written here (strings, booleans,
 * the JDK's numbers, null, the JDK's maps with string keys and lists of them); for anything else
 * {@link #write} says no and {@link Fingerprint} asks Jackson, which stays the definition.
 * FingerprintTest compares both over varied bodies. One instance per thread: it reuses its buffer.
 */
final class CanonicalJson {
    /** Deeper than any body we build; beyond it Jackson decides (it has its own nesting limit). */
    private static final int MAX_DEPTH = 100;
    /** A buffer grown past this by one huge row is dropped after it, instead of being held by the thread. */
    private static final int KEEP_AT_MOST = 1 << 16;
    /** A map with more keys is not remembered for the next (a Singer record's may have thousands). */
    private static final int MAX_SHAPE_KEYS = 64;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /**
     * How Jackson writes each ASCII character inside a string: 0 as itself, -1 as a six-character escape
     * (backslash, u, 00 and two hex digits), else a backslash and this character (its
     * {@code CharTypes.get7BitOutputEscapes()}).
     */
    private static final int[] ESCAPES = new int[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buffer = new byte[1024];
    private int length;
    /**
     * Where each value of the maps being written starts in the buffer, the outer maps' below the inner
     * ones' (from 0 to offsetsTop). Values are written in the map's order, then moved into the keys'.
     */
    private int[] offsets = new int[64];
    private int offsetsTop;
    /** The last map's shape at each of the first depths (a body and its custom_attributes). */
    private final Shape[] shapes = new Shape[4];

    /** Writes the body into {@link #bytes}; false when it holds a value this writer does not write the way Jackson does. */
    boolean write(Map<?, ?> body) {
        length = 0;
        offsetsTop = 0;
        return body != null && map(body, 0);
    }

    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** After the bytes were used: a buffer one huge body grew is not kept for the next. */
    void release() {
        if (buffer.length > KEEP_AT_MOST) {
            buffer = new byte[1024];
        }
        length = 0;
    }

    private boolean value(Object v, int depth) {
        if (v == null) {
            ascii("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            integer(((Number) v).longValue());
        } else if (v instanceof Double d) {
            floating(d, Double.toString(d));
        } else if (v instanceof Float f) {
            floating(f, Float.toString(f));
        } else if (v.getClass() == BigDecimal.class || v.getClass() == BigInteger.class) {
            ascii(v.toString()); // Jackson writes both as toString() (WRITE_BIGDECIMAL_AS_PLAIN is off)
        } else if (v instanceof Map<?, ?> m && isJdk(m)) {
            return map(m, depth + 1);
        } else if (v instanceof List<?> l && isJdk(l)) {
            return list(l, depth + 1);
        } else {
            return false; // a type Jackson may write its own way (a bean, a date, an annotated class)
        }
        return true;
    }

    /** A class of java.util: a subclass of ours might carry Jackson annotations that change its JSON. */
    private static boolean isJdk(Object collection) {
        return collection.getClass().getName().startsWith("java.util.");
    }

    private boolean map(Map<?, ?> m, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        boolean sortedMap = m instanceof SortedMap<?, ?>;
        Shape last = depth < shapes.length ? shapes[depth] : null;
        if (last != null && last.sortedMap == sortedMap) {
            int written = mapOfShape(m, last, depth);
            if (written != OTHER_SHAPE) {
                return written == WRITTEN;
            }
        }
        // Another shape: its keys are sorted and quoted now, and remembered for the next map at this depth.
        Map.Entry<?, ?>[] entries = m.entrySet().toArray(new Map.Entry<?, ?>[0]);
        String[] keys = new String[entries.length];
        for (int i = 0; i < entries.length; i++) {
            if (!(entries[i].getKey() instanceof String key)) {
                return false; // Jackson's key serializers and its null-key handling decide those
            }
            keys[i] = key;
        }
        Shape shape = newShape(sortedMap, keys);
        if (depth < shapes.length && keys.length <= MAX_SHAPE_KEYS) {
            shapes[depth] = shape;
        }
        put('{');
        for (int i = 0; i < shape.order.length; i++) {
            if (i > 0) {
                put(',');
            }
            putBytes(shape.quotedKeys[i]);
            put(':');
            if (!value(entries[shape.order[i]].getValue(), depth)) {
                return false;
            }
        }
        put('}');
        return true;
    }

    private static final int WRITTEN = 1;
    private static final int FOR_JACKSON = 0;
    private static final int OTHER_SHAPE = -1;

    /**
     * Writes a map whose keys are the shape's (equal strings, in the same order: most rows repeat the
     * mapping's fields), without sorting or quoting them again and without holding its entries: each value
     * is written where the body ends, then the values are copied behind their keys in the keys' order.
     * OTHER_SHAPE, with nothing written, when the keys are not the shape's.
     */
    private int mapOfShape(Map<?, ?> m, Shape shape, int depth) {
        String[] expected = shape.keys;
        int start = length;
        int base = offsetsTop;
        int n = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (n == expected.length || !expected[n].equals(e.getKey())) {
                length = start;
                offsetsTop = base;
                return OTHER_SHAPE;
            }
            if (base + n + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[base + n] = length;
            offsetsTop = base + n + 1; // a map among the values keeps its offsets above these
            if (!value(e.getValue(), depth)) {
                offsetsTop = base;
                return FOR_JACKSON;
            }
            n++;
        }
        if (n != expected.length) {
            length = start;
            offsetsTop = base;
            return OTHER_SHAPE;
        }
        offsets[base + n] = length;
        int valuesEnd = length;
        put('{');
        for (int i = 0; i < shape.order.length; i++) {
            if (i > 0) {
                put(',');
            }
            putBytes(shape.quotedKeys[i]);
            put(':');
            int from = offsets[base + shape.order[i]];
            int to = offsets[base + shape.order[i] + 1];
            ensure(to - from);
            System.arraycopy(buffer, from, buffer, length, to - from);
            length += to - from;
        }
        put('}');
        int written = length - valuesEnd;
        System.arraycopy(buffer, valuesEnd, buffer, start, written); // over the values in the map's order
        length = start + written;
        offsetsTop = base;
        return WRITTEN;
    }

    /**
     * The order to write these keys in and each key quoted. As Jackson orders them: a sorted map as it
     * comes, any other by the keys' natural order (its TreeMap copy).
     */
    private Shape newShape(boolean sortedMap, String[] keys) {
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (!sortedMap && n > 32) {
            Integer[] byKey = new Integer[n];
            for (int i = 0; i < n; i++) {
                byKey[i] = i;
            }
            Arrays.sort(byKey, Comparator.comparing((Integer i) -> keys[i]));
            for (int i = 0; i < n; i++) {
                order[i] = byKey[i];
            }
        } else if (!sortedMap) {
            for (int i = 1; i < n; i++) { // a body has a handful of keys: insertion sort
                int moving = order[i];
                int j = i - 1;
                while (j >= 0 && keys[order[j]].compareTo(keys[moving]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = moving;
            }
        }
        byte[][] quotedKeys = new byte[n][];
        int mark = length;
        for (int i = 0; i < n; i++) {
            string(keys[order[i]]); // written after the body so far, copied out, then taken back
            quotedKeys[i] = Arrays.copyOfRange(buffer, mark, length);
            length = mark;
        }
        return new Shape(sortedMap, keys, order, quotedKeys);
    }

    /** The keys of one map in the order they came, the order they are written in, and each as {@code "key"}. */
    private record Shape(boolean sortedMap, String[] keys, int[] order, byte[][] quotedKeys) {
    }

    private boolean list(List<?> l, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        put('[');
        boolean first = true;
        for (Object item : l) {
            if (!first) {
                put(',');
            }
            first = false;
            if (!value(item, depth)) {
                return false;
            }
        }
        put(']');
        return true;
    }

    /** NaN and the infinities as strings, as Jackson writes them (WRITE_NAN_AS_STRINGS is on by default). */
    private void floating(double d, String text) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            put('"');
            ascii(text);
            put('"');
        } else {
            ascii(text);
        }
    }

    private void integer(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v)); // its negation does not fit
            return;
        }
        ensure(20);
        if (v < 0) {
            buffer[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            buffer[length++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
    }

    /**
     * A quoted string in UTF-8 with Jackson's escapes: {@code "} and {@code \}, the short forms of
     * \b \t \f \n \r, other control characters as backslash-u 00XX, and every surrogate as its own
     * backslash-u XXXX escape (Jackson does not combine a pair into one 4-byte character unless told to).
     */
    private void string(String s) {
        int n = s.length();
        ensure(n * 6 + 2); // the longest a char can become is backslash, u and four hex digits
        byte[] b = buffer;
        int at = length;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = (byte) escape;
                } else {
                    at = unicodeEscape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(b, at, c);
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        length = at;
    }

    private static int unicodeEscape(byte[] b, int at, char c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[(c >> 12) & 0xF];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void putBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
