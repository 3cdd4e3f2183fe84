package io.intercomsync.imports;

import java.util.Arrays;

/**
 * The contact keys one file had, for import.missing=archive: which contacts the ledger knows from
 * earlier files of the source are not in this one. Kept as 64-bit hashes (8 bytes a row, 40 MB for
 * 5 million rows) rather than the keys themselves; two keys sharing a hash would only keep one
 * contact from being archived, never archive one that is there. Thread-safe.
 */
final class SeenContacts {
    private long[] hashes = new long[1024];
    private int size;
    private boolean sorted;
    private long withoutKey;

    synchronized void seen(String dedupeKey) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size++] = hash(dedupeKey);
        sorted = false;
    }

    /** A row whose contact could not be told (a broken line): which contacts the file has is then not known. */
    synchronized void rowWithoutKey() {
        withoutKey++;
    }

    synchronized long rowsWithoutKey() {
        return withoutKey;
    }

    synchronized boolean contains(String dedupeKey) {
        if (!sorted) {
            Arrays.sort(hashes, 0, size);
            sorted = true;
        }
        return Arrays.binarySearch(hashes, 0, size, hash(dedupeKey)) >= 0;
    }

    /** FNV-1a over the key's UTF-16 code units. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
