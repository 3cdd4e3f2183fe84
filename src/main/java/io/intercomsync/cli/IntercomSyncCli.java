package io.intercomsync.cli;

import picocli.CommandLine;

import io.intercomsync.logging.MaskingOutputStream;
import io.intercomsync.logging.MaskingWriter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine.Command;

/** {@code bin/intercom-sync}: one command per mode. */
@Command(name = "intercom-sync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Keeps Intercom in step with your user data, and gets Intercom's data back out.",
        subcommands = {ImportCommand.class, WatchCommand.class, TargetCommand.class, TapCommand.class, SandboxCommand.class})
public final class IntercomSyncCli {

    public static void main(String[] args) {
        // Whatever prints to the console (a library, the JVM's report of an uncaught exception) is masked too.
        System.setOut(masked(System.out));
        System.setErr(masked(System.err));
        System.exit(run(args));
    }

    private static PrintStream masked(PrintStream console) {
        Charset charset = Charset.defaultCharset(); // only lines that held a secret are encoded again
        return new PrintStream(new MaskingOutputStream(console, charset), true, charset);
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // Every line a command prints passes the one masker: a secret quoted back by Intercom stays in.
        out = new PrintWriter(new MaskingWriter(out), true);
        err = new PrintWriter(new MaskingWriter(err), true);
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
