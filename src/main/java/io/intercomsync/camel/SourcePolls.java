package io.intercomsync.camel;

import io.intercomsync.source.Source;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch mode's poll strategy and consumer exception handler ({@code pollStrategy=#sourcePolls},
 * {@code exceptionHandler=#sourcePolls}): a poll that fails (the folder is gone, the server refuses the
 * login) is said once, as the source's one sentence, and tried again on the next poll; Camel's defaults
 * would log the exception with its stack trace on every poll. Other failures of the consumer (a move
 * after success that failed) are said as one sentence each.
 */
public final class SourcePolls implements PollingConsumerPollStrategy, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger("io.intercomsync.watch.Watcher");

    private final Source source;
    private final Runnable pollBegins;
    private volatile String lastProblem;
    private volatile Throwable lastPollFailure;

    /** {@code pollBegins}: run as each poll begins (the watcher reads the claims afresh). */
    public SourcePolls(Source source, Runnable pollBegins) {
        this.source = source;
        this.pollBegins = pollBegins;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        pollBegins.run();
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (lastProblem != null) {
            LOG.info("{} can be read again", source.location());
            lastProblem = null;
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        lastPollFailure = cause;
        String problem = source.describe(cause);
        if (!problem.equals(lastProblem)) {
            LOG.warn("Cannot look for new files in {}: {} (trying again every poll)", source.location(), problem);
            lastProblem = problem;
        }
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception == lastPollFailure) {
            return; // the failed poll, said once by rollback
        }
        Exception e = exception instanceof Exception ex ? ex : new RuntimeException(exception);
        LOG.warn("{}: {}", source.location(), source.describe(e));
    }
}
