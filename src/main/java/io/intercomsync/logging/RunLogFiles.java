package io.intercomsync.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One debug and one error log file per run, beside the console: {@code <folder>/<start>-<file>.debug.log}
 * (everything from DEBUG up) and {@code .error.log} (WARN and ERROR), masked like the console. Runs of a
 * process are sequential, so the files of a run hold that run's lines, from whichever thread.
 */
public final class RunLogFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final String PATTERN = "%d{ISO8601}{UTC}Z %-5level [%t] %c{1} - %maskedMessage%n";

    private final Path folder;
    private List<Appender> current = List.of();
    private Path debugFile;
    private Path errorFile;

    public RunLogFiles(Path folder) {
        this.folder = folder;
    }

    /** Starts the files of a run over {@code sourceName}; ends the previous run's, if any. */
    public synchronized void begin(String sourceName) {
        end();
        String base = STAMP.format(Instant.now()) + "-" + safe(sourceName);
        debugFile = folder.resolve(base + ".debug.log");
        errorFile = folder.resolve(base + ".error.log");
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender debug = appender(config, "run-debug", debugFile);
        Appender error = appender(config, "run-error", errorFile);
        // On the root only: every logger's events reach the root's appenders (additivity), so a line is
        // written once; the appender's own level decides what each file takes.
        LoggerConfig root = config.getRootLogger();
        root.addAppender(debug, Level.DEBUG, null);
        root.addAppender(error, Level.WARN, null);
        current = List.of(debug, error);
        context.updateLoggers();
    }

    /** Closes the run's files. */
    public synchronized void end() {
        if (current.isEmpty()) {
            return;
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (Appender a : current) {
            config.getRootLogger().removeAppender(a.getName());
            a.stop();
        }
        current = List.of();
        context.updateLoggers();
    }

    public synchronized Path debugFile() {
        return debugFile;
    }

    public synchronized Path errorFile() {
        return errorFile;
    }

    private static Appender appender(Configuration config, String name, Path file) {
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config).withPattern(PATTERN)
                .withAlwaysWriteExceptions(false).build();
        FileAppender a = FileAppender.newBuilder().setName(name).withFileName(file.toString())
                .withCreateOnDemand(false).setLayout(layout).setConfiguration(config).build();
        a.start();
        return a;
    }

    /** The source's last path segment, safe as part of a file name. */
    static String safe(String sourceName) {
        String last = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        String cleaned = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..") ? "run" : cleaned;
    }
}
