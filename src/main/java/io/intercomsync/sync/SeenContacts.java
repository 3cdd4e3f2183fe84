package io.intercomsync.sync;

import java.util.Arrays;

/**
 * The contact keys one file had, and the Intercom ids its rows ended in, for import.missing=archive:
 * which contacts the ledger knows from earlier files of the source are not in this one. A ledger entry
 * whose key the file lacks is still there when its Intercom id is (the row now has an external_id it
 * lacked, keyed otherwise, and found the same contact). Kept as 64-bit hashes (16 bytes a row, 80 MB for
 * 5 million rows) rather than the keys themselves; two keys sharing a hash would only keep one
 * contact from being archived, never archive one that is there. Thread-safe.
 */
final class SeenContacts {
    private final Hashes keys = new Hashes();
    private final Hashes ids = new Hashes();
    private long withoutKey;

    synchronized void seen(String dedupeKey) {
        keys.add(hash(dedupeKey));
    }

    synchronized void seenId(String intercomId) {
        ids.add(hash(intercomId));
    }

    /** A row whose contact could not be told (a broken line): which contacts the file has is then not known. */
    synchronized void rowWithoutKey() {
        withoutKey++;
    }

    synchronized long rowsWithoutKey() {
        return withoutKey;
    }

    /** Whether the file had this contact: its key, or a row that ended in its Intercom id. */
    synchronized boolean contains(String dedupeKey, String intercomId) {
        return keys.contains(hash(dedupeKey)) || (intercomId != null && ids.contains(hash(intercomId)));
    }

    /** A growable set of longs, sorted once it is looked up. */
    private static final class Hashes {
        private long[] values = new long[1024];
        private int size;
        private boolean sorted;

        void add(long h) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = h;
            sorted = false;
        }

        boolean contains(long h) {
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            return Arrays.binarySearch(values, 0, size, h) >= 0;
        }
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
