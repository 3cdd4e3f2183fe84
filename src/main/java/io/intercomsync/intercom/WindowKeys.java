package io.intercomsync.intercom;

/**
 * The keys of one rate-limit window's answers ("permits up to this fit it"), and the window's key: the lowest
 * of the recent ones, not of all of them, because a burst sent at once arrives in any order, and the request
 * overtaken most would hold the key down all window. A 429's key (the app's window spent) holds for good.
 * Not thread-safe: the governor's lock guards it.
 */
final class WindowKeys {
    static final int CAPACITY = 512;

    private final long[] recent = new long[CAPACITY];
    private int count;
    private int next;
    private long hard = Long.MAX_VALUE;

    /** A new window: what the last one's answers said is forgotten. */
    void clear() {
        count = 0;
        next = 0;
        hard = Long.MAX_VALUE;
    }

    /**
     * Notes one answer's key and returns the window's: the lowest of every hard key and of the last
     * {@code wanted} others (at least 16, at most {@value #CAPACITY}; the governor asks for twice the
     * requests it keeps in flight, the answers a burst can reorder).
     */
    long note(long key, boolean isHard, int wanted) {
        if (isHard) {
            hard = Math.min(hard, key);
        } else {
            recent[next] = key;
            next = (next + 1) % CAPACITY;
            count = Math.min(count + 1, CAPACITY);
        }
        int span = Math.min(count, Math.max(16, Math.min(CAPACITY, wanted)));
        long lowest = hard;
        for (int i = 1; i <= span; i++) {
            lowest = Math.min(lowest, recent[Math.floorMod(next - i, CAPACITY)]);
        }
        return lowest;
    }
}
