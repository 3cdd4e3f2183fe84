package io.intercomsync.intercom;

/**
 * What the answers have shown, for the run report and the progress line: the allowance reported, how
 * much of it the server counted over full windows (those whose start and end were both seen, with more to
 * send than they allowed), the peak and target of requests in flight, the latency, the calls answered
 * and how many were 429s.
 */
public record Pacing(int allowancePerWindow, int fullWindows, long fullWindowsUsed, long fullWindowsAllowance,
                     int peakInFlight, int inFlightTarget, double latencyMs, long calls, long rateLimited) {
    /** Share of the allowance the server counted over full windows; null before one was seen. */
    public Double allowanceUsed() {
        return fullWindowsAllowance > 0 ? fullWindowsUsed / (double) fullWindowsAllowance : null;
    }

    /** What happened after {@code start} (a snapshot from {@link RateLimitGovernor#startRun()}). */
    public Pacing since(Pacing start) {
        return new Pacing(allowancePerWindow, fullWindows - start.fullWindows,
                fullWindowsUsed - start.fullWindowsUsed, fullWindowsAllowance - start.fullWindowsAllowance,
                peakInFlight, inFlightTarget, latencyMs, calls - start.calls, rateLimited - start.rateLimited);
    }
}
