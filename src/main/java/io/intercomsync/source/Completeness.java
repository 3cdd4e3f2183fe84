package io.intercomsync.source;

import java.time.Duration;

/**
 * Whether a file is whole or still being written, from what a look at it shows: an exporter that writes
 * {@code users_<ts>.csv} in place, in pieces, must not have its first piece imported as the file.
 *
 * <p>Without a done marker a file is complete once it has been left alone for {@code quiet}
 * (source.stable-ms): its modification time is that old, or its size and modification time have not
 * changed between two looks that far apart (for a clock that puts modification times in the future).
 * With a done marker (source.done-marker) it is complete once the marker exists beside it, whatever its
 * age. The marker's name may hold {@code ${file:name}} and {@code ${file:name.noext}}, as Camel's file
 * components' {@code doneFileName} does, so that the same setting can be handed to them.
 *
 * <p>Plain Java with no I/O of its own, so that any consumer of files (this import's local folder, a
 * Camel read lock) can ask it.
 *
 * @param quiet   how long a file must be left alone; zero: every file is complete at once
 * @param marker  the done marker's name template, or null
 * @param timeout how long a one-shot run waits for its file to become complete before giving up
 */
public record Completeness(Duration quiet, String marker, Duration timeout) {
    public static final String NAME = "${file:name}";
    public static final String NAME_WITHOUT_EXTENSION = "${file:name.noext}";

    /** What one look at a file showed; {@code atMs} on the same clock as {@code modifiedMs}. */
    public record Look(long size, long modifiedMs, long atMs, boolean markerPresent) {
        /** The same size and modification time as {@code other}: nothing was written in between. */
        public boolean unchangedSince(Look other) {
            return other != null && size == other.size && modifiedMs == other.modifiedMs;
        }
    }

    /** {@code complete}, or why not and when to look again. */
    public record Verdict(boolean complete, String reason, long lookAgainInMs) {
        public static final Verdict COMPLETE = new Verdict(true, null, 0);
    }

    public Completeness {
        if (marker != null && marker.isBlank()) {
            marker = null;
        }
        if (marker != null && (marker.contains("/") || marker.contains("\\"))) {
            throw new IllegalArgumentException("source.done-marker=" + marker
                    + " must be a file name beside the file, without a folder");
        }
        if (marker != null && marker.equals(NAME)) {
            throw new IllegalArgumentException("source.done-marker=" + marker + " names the file itself; use e.g. "
                    + NAME + ".done or " + NAME_WITHOUT_EXTENSION + ".ready");
        }
    }

    /** Every file complete at once: no quiet period, no marker (tests and sources whose files appear whole). */
    public static Completeness immediate() {
        return new Completeness(Duration.ZERO, null, Duration.ZERO);
    }

    /** The done marker's file name for {@code fileName} (a name, not a path), or null when none is configured. */
    public String markerFor(String fileName) {
        if (marker == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return marker.replace(NAME_WITHOUT_EXTENSION, stem).replace(NAME, fileName);
    }

    /**
     * @param earlier an earlier look at the same file, or null
     * @param now     the look just taken
     */
    public Verdict judge(Look earlier, Look now) {
        if (marker != null) {
            return now.markerPresent() ? Verdict.COMPLETE
                    : new Verdict(false, "its done marker (source.done-marker=" + marker + ") is not there yet",
                    Math.max(100, Math.min(1_000, quiet.toMillis())));
        }
        long quietMs = quiet.toMillis();
        long age = now.atMs() - now.modifiedMs();
        if (age >= quietMs) {
            return Verdict.COMPLETE;
        }
        if (now.unchangedSince(earlier) && now.atMs() - earlier.atMs() >= quietMs) {
            return Verdict.COMPLETE;
        }
        long unchangedFor = now.unchangedSince(earlier) ? Math.max(age, now.atMs() - earlier.atMs()) : age;
        String when = age < 0 ? "its modification time is in the future" : "it changed " + age + " ms ago";
        return new Verdict(false, when + " and is read once it has been left alone for source.stable-ms=" + quietMs
                + " ms (it may still be being written)", Math.max(50, quietMs - Math.max(0, unchangedFor)));
    }
}
