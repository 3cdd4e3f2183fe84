package io.intercomsync.cli;

import io.intercomsync.config.ConfigException;
import io.intercomsync.mapping.MappingException;
import io.intercomsync.report.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns an exception that escaped a command into one line on stderr and an exit code. The stack trace
 * goes to the log at debug level only: it is for us, not for the user.
 */
final class ErrorMessages implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMessages.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("intercom-sync: " + messageOf(e));
        LOG.debug("Command failed", e);
        return exitCodeOf(e);
    }

    static int exitCodeOf(Throwable e) {
        return isConfiguration(e) ? ExitCodes.USAGE : ExitCodes.RUN_FAILED;
    }

    static boolean isConfiguration(Throwable e) {
        return e instanceof ConfigException || e instanceof MappingException
                || e instanceof CommandLine.ParameterException;
    }

    static String messageOf(Throwable e) {
        return Messages.of(e);
    }
}
