package io.intercomsync.sandbox;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intercom's rate limits as the sandbox keeps them: each app (token) may make {@code appLimit} calls per
 * 10-second window, and every app of the workspace together {@code workspaceLimit} (0: no workspace
 * limit). Windows begin at {@code phaseMs} past each multiple of 10 s, as Intercom's need not start on
 * one. The reset header is the window's end in whole epoch seconds, rounded up ({@link ResetHeader#EXACT}),
 * that plus up to 2 s ({@link ResetHeader#LATE}, as it is seen to lag), or left out. A call counts when it
 * arrives, refused or not; the headers report the app's own count, so a workspace 429 can arrive while
 * Remaining still shows room, as it does at Intercom.
 */
final class RateWindows {
    static final long WINDOW_MS = 10_000;
    static final int LOG_WINDOWS = 10_000;

    /** How the {@code X-RateLimit-Reset} header is written. */
    enum ResetHeader { EXACT, LATE, ABSENT }

    /** The headers of one answer (null: left out) and whether the call is refused with a 429. */
    record Verdict(Integer limit, Integer remaining, Long resetEpochSeconds, boolean refused, boolean byWorkspace) {
    }

    private volatile int appLimit;
    private final int workspaceLimit;
    private final long phaseMs;
    private final ResetHeader resetHeader;
    private final ConcurrentHashMap<String, long[]> apps = new ConcurrentHashMap<>(); // token -> {window, count}
    private final long[] workspace = {Long.MIN_VALUE, 0};
    // token -> window start (epoch ms) -> {accepted, refused}: what each window served, for benchmarks
    private final ConcurrentHashMap<String, NavigableMap<Long, long[]>> log = new ConcurrentHashMap<>();

    RateWindows(int appLimit, int workspaceLimit, long phaseMs, ResetHeader resetHeader) {
        this.appLimit = appLimit;
        this.workspaceLimit = workspaceLimit;
        this.phaseMs = Math.floorMod(phaseMs, WINDOW_MS);
        this.resetHeader = resetHeader;
    }

    void appLimit(int perWindow) {
        this.appLimit = perWindow;
    }

    Verdict arrive(String token, long nowMs) {
        long window = Math.floorDiv(nowMs - phaseMs, WINDOW_MS);
        long windowEnd = (window + 1) * WINDOW_MS + phaseMs;
        int limit = appLimit;
        long used;
        long[] app = apps.computeIfAbsent(token, k -> new long[] {Long.MIN_VALUE, 0});
        synchronized (app) {
            if (app[0] != window) {
                app[0] = window;
                app[1] = 0;
            }
            used = ++app[1];
        }
        boolean refusedByApp = limit > 0 && used > limit;
        boolean refusedByWorkspace = false;
        if (!refusedByApp && workspaceLimit > 0) {
            synchronized (workspace) {
                if (workspace[0] != window) {
                    workspace[0] = window;
                    workspace[1] = 0;
                }
                refusedByWorkspace = ++workspace[1] > workspaceLimit;
            }
        }
        boolean refused = refusedByApp || refusedByWorkspace;
        long[] counts = countsOf(token, windowEnd - WINDOW_MS);
        synchronized (counts) {
            counts[refused ? 1 : 0]++;
        }
        Integer limitHeader = limit > 0 ? limit : Integer.MAX_VALUE;
        Integer remaining = limit > 0 ? (int) Math.max(0, limit - used) : Integer.MAX_VALUE;
        Long reset = switch (resetHeader) {
            case EXACT -> ceilSeconds(windowEnd);
            // late by a lag that stays the same for the whole window, up to 2 s
            case LATE -> ceilSeconds(windowEnd + Math.floorMod(window * 7919L, 2_001L));
            case ABSENT -> null;
        };
        return new Verdict(limitHeader, remaining, reset, refused, refusedByWorkspace);
    }

    private long[] countsOf(String token, long windowStart) {
        NavigableMap<Long, long[]> byWindow = log.computeIfAbsent(token, k -> new TreeMap<>());
        synchronized (byWindow) {
            if (byWindow.size() >= LOG_WINDOWS && !byWindow.containsKey(windowStart)) {
                byWindow.pollFirstEntry(); // a sandbox left running for days keeps the last day or so
            }
            return byWindow.computeIfAbsent(windowStart, k -> new long[2]);
        }
    }

    private static long ceilSeconds(long epochMs) {
        return Math.floorDiv(epochMs + 999, 1000);
    }

    /** Each window this token was served in, by its start (epoch ms): {accepted, refused}. */
    NavigableMap<Long, long[]> served(String token) {
        NavigableMap<Long, long[]> byWindow = log.get(token);
        NavigableMap<Long, long[]> copy = new TreeMap<>();
        if (byWindow != null) {
            synchronized (byWindow) {
                for (Map.Entry<Long, long[]> e : byWindow.entrySet()) {
                    synchronized (e.getValue()) {
                        copy.put(e.getKey(), e.getValue().clone());
                    }
                }
            }
        }
        return copy;
    }

    void clearLog() {
        log.clear();
    }
}
