package io.intercomsync.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code bin/intercom-sync}: one command per mode. */
@Command(name = "intercom-sync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Keeps Intercom in step with your user data, and gets Intercom's data back out.",
        subcommands = {ImportCommand.class, WatchCommand.class, TargetCommand.class, TapCommand.class, SandboxCommand.class})
public final class IntercomSyncCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new IntercomSyncCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorMessages());
        cli.setExitCodeExceptionMapper(ErrorMessages::exitCodeOf);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
