package io.intercomsync.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogFilesTest {
    private static final Logger LOG = LoggerFactory.getLogger("io.intercomsync.imports.Test");
    private static final Logger LIBRARY = LoggerFactory.getLogger("org.example.SomeLibrary");

    @TempDir
    Path dir;

    @Test
    void eachRunGetsADebugAndAnErrorFileWithEverySecretMasked() throws Exception {
        Secrets.register(List.of("tok-LOG-5e3f1a", "https://hooks.slack.com/services/T0/B0/xyz123"));
        RunLogFiles files = new RunLogFiles(dir);
        files.begin("s3://bucket/in/users_20260101T000000.csv");
        LOG.debug("request with Bearer tok-LOG-5e3f1a");
        LOG.info("posting to https://hooks.slack.com/services/T0/B0/xyz123");
        LIBRARY.warn("a library echoed tok-LOG-5e3f1a", new IllegalStateException("cause mentions tok-LOG-5e3f1a"));
        files.end();
        LOG.warn("after the run: not in its files");

        assertThat(files.debugFile().getFileName().toString()).matches("\\d{8}T\\d{6}-users_20260101T000000.csv.debug.log");
        String debug = Files.readString(files.debugFile());
        String error = Files.readString(files.errorFile());
        assertThat(debug).contains("DEBUG").contains("Bearer ****").contains("posting to ****")
                .contains("IllegalStateException: cause mentions ****");
        assertThat(error).contains("a library echoed ****").doesNotContain("DEBUG").doesNotContain("posting to");
        assertThat(debug.split("posting to", -1)).as("each line written once").hasSize(2);
        assertThat(debug + error).doesNotContain("tok-LOG-5e3f1a").doesNotContain("xyz123").doesNotContain("after the run");
    }

    @Test
    void fileNamesCannotClimbOutOfTheLogFolder() {
        assertThat(RunLogFiles.safe("../../etc/passwd")).isEqualTo("passwd");
        assertThat(RunLogFiles.safe("s3://b/..")).isEqualTo("run");
        assertThat(RunLogFiles.safe("inbox/we ird;name.csv")).isEqualTo("we_ird_name.csv");
    }
}
