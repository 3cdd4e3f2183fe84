package io.intercomsync.camel;

import io.intercomsync.source.Source;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch mode's poll strategy ({@code pollStrategy=#sourcePolls}): a poll that fails (the folder is gone,
 * the server refuses the login) is said once, as the source's one sentence, and tried again on the next
 * poll; Camel's default would log the exception with its stack trace on every poll.
 */
public final class SourcePolls implements PollingConsumerPollStrategy {
    private static final Logger LOG = LoggerFactory.getLogger("io.intercomsync.watch.Watcher");

    private final Source source;
    private volatile String lastProblem;

    public SourcePolls(Source source) {
        this.source = source;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
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
        String problem = source.describe(cause);
        if (!problem.equals(lastProblem)) {
            LOG.warn("Cannot look for new files in {}: {} (trying again every poll)", source.location(), problem);
            lastProblem = problem;
        }
        return false;
    }
}
