package io.intercomsync.singer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects what io.intercomsync logs (to stderr in production) while a run is in progress. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();

    private LogCapture() {
        super("tap-test-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture begin() {
        LogCapture c = new LogCapture();
        c.start0();
        return c;
    }

    private void start0() {
        start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        LoggerConfig lc = cfg.getLoggerConfig("io.intercomsync");
        lc.addAppender(this, null, null);
        ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        text.append(event.getLevel()).append(' ').append(event.getMessage().getFormattedMessage()).append('\n');
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getLoggerConfig("io.intercomsync").removeAppender(getName());
        ctx.updateLoggers();
        stop();
    }
}
