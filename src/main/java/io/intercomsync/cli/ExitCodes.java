package io.intercomsync.cli;

/** The exit codes of {@code import}, as DESIGN.md promises them. */
final class ExitCodes {
    static final int DONE = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;
    static final int ROWS_FAILED = 3;

    private ExitCodes() {
    }
}
