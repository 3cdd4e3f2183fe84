package io.intercomsync.report;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How far a run is. On a terminal: a progress bar over the file's bytes (when its size is known) with
 * rows done and rows per second. Without one (cron, CI, a container): a log line every
 * {@code interval}, so a long run is never silent.
 */
public final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final ScheduledExecutorService ticker;
    private final ProgressBar bar;
    private final LongSupplier rowsDone;
    private final LongSupplier rowsRead;
    private final LongSupplier bytesRead;
    private final long totalBytes;
    private final LongSupplier apiCalls;
    private final IntSupplier allowancePerWindow;
    private final long startNanos = System.nanoTime();
    private long lastCalls;
    private long lastNanos = startNanos;

    private Progress(String name, LongSupplier rowsDone, LongSupplier rowsRead, LongSupplier bytesRead, long totalBytes, boolean terminal,
                     Duration interval, LongSupplier apiCalls, IntSupplier allowancePerWindow) {
        this.rowsDone = rowsDone;
        this.rowsRead = rowsRead;
        this.apiCalls = apiCalls;
        this.allowancePerWindow = allowancePerWindow;
        this.bytesRead = bytesRead;
        this.totalBytes = totalBytes;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(name).setInitialMax(totalBytes > 0 ? totalBytes : -1)
                .setUnit("MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .build() : null;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long every = terminal ? 500 : interval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts reporting; a terminal is assumed when the JVM has a console. {@code apiCalls} and
     * {@code allowancePerWindow} (-1 when unknown or unlimited) put the calls per second beside what the
     * rate limit allows, so a run held back by its pacing, or by Intercom, says so.
     */
    public static Progress start(String name, LongSupplier rowsDone, LongSupplier rowsRead, LongSupplier bytesRead, long totalBytes,
                                 Duration interval, LongSupplier apiCalls, IntSupplier allowancePerWindow) {
        return new Progress(shortName(name), rowsDone, rowsRead, bytesRead, totalBytes, System.console() != null, interval,
                apiCalls, allowancePerWindow);
    }

    private void tick() {
        long rows = rowsDone.getAsLong();
        long nowNanos = System.nanoTime();
        double seconds = Math.max(0.001, (nowNanos - startNanos) / 1e9);
        double rate = rows / seconds;
        long calls = apiCalls.getAsLong();
        double callsPerSecond = (calls - lastCalls) / Math.max(0.001, (nowNanos - lastNanos) / 1e9);
        lastCalls = calls;
        lastNanos = nowNanos;
        String pace = pace(callsPerSecond, allowancePerWindow.getAsInt());
        if (bar != null) {
            bar.stepTo(Math.min(bytesRead.getAsLong(), totalBytes > 0 ? totalBytes : Long.MAX_VALUE));
            bar.setExtraMessage(String.format(Locale.ROOT, "%,d rows, %,.0f rows/s, %s", rows, rate, pace));
            return;
        }
        LOG.info(line(rows, rate, pace, rowsRead.getAsLong(), bytesRead.getAsLong(), totalBytes));
    }

    /** Calls per second since the last line, against the allowance: "152 calls/s of 166 allowed". */
    static String pace(double callsPerSecond, int allowancePerWindow) {
        return allowancePerWindow > 0
                ? String.format(Locale.ROOT, "%,.0f calls/s of %,.0f allowed", callsPerSecond, allowancePerWindow / 10.0)
                : String.format(Locale.ROOT, "%,.0f calls/s", callsPerSecond);
    }

    /**
     * The log line without a terminal: rows, rate, calls, and share and time left when the size is known.
     * Time left is the rows still to do (the rows the file holds, judged from those read so far and the share
     * of its bytes they took, less the rows done) at the rate so far: the reader runs ahead of the writes,
     * so the share read alone would say a run held back by the rate limit is nearly over.
     */
    static String line(long rows, double rowsPerSecond, String pace, long rowsRead, long bytes, long totalBytes) {
        String base = String.format(Locale.ROOT, "Progress: %,d rows done, %,.0f rows/s, %s", rows, rowsPerSecond, pace);
        if (totalBytes <= 0 || bytes <= 0) {
            return base;
        }
        double share = Math.min(1.0, bytes / (double) totalBytes);
        double rowsInFile = Math.max(rowsRead, rows) / share;
        long left = rowsPerSecond <= 0 ? 0 : Math.round(Math.max(0, rowsInFile - rows) / rowsPerSecond);
        return base + String.format(Locale.ROOT, ", %.0f%% of the file read, about %s left", share * 100, human(left));
    }

    private static String human(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
                : seconds + "s";
    }

    private static String shortName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (bar != null) {
            bar.stepTo(totalBytes > 0 ? totalBytes : bytesRead.getAsLong());
            bar.close();
        }
    }
}
