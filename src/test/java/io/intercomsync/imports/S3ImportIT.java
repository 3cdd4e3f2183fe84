package io.intercomsync.imports;

import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/intercom-sync as packaged (thin jar + target/lib) imports from S3, credentials from the environment. */
class S3ImportIT {
    @TempDir
    Path dir;

    @Test
    void thePackagedCommandImportsTheNewestCsvInABucket() throws Exception {
        String token = "tok-s3-it-93e1";
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
             Sandbox sandbox = Sandbox.builder().token(token).start()) {
            s3.createBucket("it-exports");
            s3.put("it-exports", "in/users_20260101T000000.csv", "external_id,email,name\nit-1,it1@example.com,IT One\n");
            Path config = Files.writeString(dir.resolve("it.properties"), String.join("\n",
                    "intercom.base-url=" + sandbox.baseUrl(),
                    "intercom.access-token=" + token,
                    "output.folder=" + dir.resolve("out"),
                    // Its own ledger: the default (state/ under the working folder) outlives the test, and
                    // the sandbox's workspace id is the same every time, so a second run found it-1 unchanged.
                    "state.url=jdbc:sqlite:" + dir.resolve("state/ledger.db"),
                    "source.type=s3",
                    "source.s3.bucket=it-exports",
                    "source.s3.prefix=in",
                    "source.s3.endpoint=" + s3.endpoint(),
                    "source.s3.after-success=move",
                    "source.s3.output-prefix=reports", ""));
            ProcessBuilder pb = new ProcessBuilder("bin/intercom-sync", "import", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("it.log").toFile());
            pb.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            pb.environment().remove("AWS_PROFILE");
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("it.log"));
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
            assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText()).containsExactly("it-1");
            assertThat(s3.keys("it-exports")).containsExactly("processed/users_20260101T000000.csv",
                    "reports/users_20260101T000000.run-report.json", "reports/users_20260101T000000.user_errors.csv");
        }
    }
}
