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
    private final LongSupplier bytesRead;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();

    private Progress(String name, LongSupplier rowsDone, LongSupplier bytesRead, long totalBytes, boolean terminal, Duration interval) {
        this.rowsDone = rowsDone;
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

    /** Starts reporting; a terminal is assumed when the JVM has a console. */
    public static Progress start(String name, LongSupplier rowsDone, LongSupplier bytesRead, long totalBytes, Duration interval) {
        return new Progress(shortName(name), rowsDone, bytesRead, totalBytes, System.console() != null, interval);
    }

    private void tick() {
        long rows = rowsDone.getAsLong();
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        double rate = rows / seconds;
        if (bar != null) {
            bar.stepTo(Math.min(bytesRead.getAsLong(), totalBytes > 0 ? totalBytes : Long.MAX_VALUE));
            bar.setExtraMessage(String.format(Locale.ROOT, "%,d rows, %,.0f rows/s", rows, rate));
            return;
        }
        LOG.info(line(rows, rate, bytesRead.getAsLong(), totalBytes, seconds));
    }

    /** The log line without a terminal: rows, rate, and share and time left when the size is known. */
    static String line(long rows, double rowsPerSecond, long bytes, long totalBytes, double seconds) {
        String base = String.format(Locale.ROOT, "Progress: %,d rows done, %,.0f rows/s", rows, rowsPerSecond);
        if (totalBytes <= 0 || bytes <= 0) {
            return base;
        }
        double share = Math.min(1.0, bytes / (double) totalBytes);
        long left = Math.round(seconds / share - seconds);
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
