package io.intercomsync.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer types first: every command answers --help with its usage, and --version, exit 0. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"import", "watch", "target", "tap", "sandbox"})
    void everyCommandShowsItsUsageOnHelpAndItsVersion(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(err), command, "--help");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Usage: intercom-sync " + command).contains("--help");
        assertThat(err.toString()).isEmpty();

        StringWriter version = new StringWriter();
        assertThat(IntercomSyncCli.run(new PrintWriter(version), new PrintWriter(new StringWriter()), command, "--version")).isZero();
        assertThat(version.toString()).isNotBlank();
    }
}
