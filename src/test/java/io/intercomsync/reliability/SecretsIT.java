package io.intercomsync.reliability;

import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.source.S3ProxyServer;
import io.intercomsync.testing.MeddlingProxy;
import io.intercomsync.testing.RecordingHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/intercom-sync as packaged, its log at DEBUG (stack traces included), importing from S3 with
 * Slack and HipChat on, through faults, failed rows, failing notifiers and wrong credentials: the
 * Intercom token, the Slack webhook's secret path, the HipChat token and the S3 keys appear in no
 * log line, output, report, errors CSV, uploaded object or notification body.
 */
class SecretsIT {
    private static final String TOKEN = "itok-SECRET-c0ffee-7781";
    private static final String WEBHOOK_SECRET = "whsec-SECRET-Zq81x";
    private static final String WEBHOOK_PATH = "/services/T0SEC/B0SEC/" + WEBHOOK_SECRET;
    private static final String HIPCHAT_TOKEN = "hctok-SECRET-55aa9";
    private static final String WRONG_S3_SECRET = "wrong-s3-SECRET-9Qk2";
    private static final String WRONG_TOKEN = "wrongtok-SECRET-31d0";
    private static final List<String> SECRETS = List.of(TOKEN, WEBHOOK_SECRET, HIPCHAT_TOKEN, WRONG_S3_SECRET, WRONG_TOKEN,
            S3ProxyServer.SECRET_KEY, S3ProxyServer.ACCESS_KEY);

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private S3ProxyServer s3;
    private RecordingHttpServer slack;
    private RecordingHttpServer hipchat;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).faultRate(0.15).randomSeed(5).start();
        s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket("exports");
        slack = RecordingHttpServer.start();
        hipchat = RecordingHttpServer.start().answer(204, null);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        hipchat.close();
        s3.close();
        sandbox.close();
    }

    record Run(int exitCode, String output) {
    }

    private Run run(String name, String token, String s3Secret) throws Exception {
        return run(name, token, s3Secret, sandbox.baseUrl());
    }

    private Run run(String name, String token, String s3Secret, String intercomUrl) throws Exception {
        Path config = Files.writeString(dir.resolve(name + ".properties"), String.join("\n",
                "intercom.base-url=" + intercomUrl,
                "intercom.preflight-timeout-ms=20000",
                "intercom.retry-delay-ms=10",
                "intercom.max-retry-delay-ms=100",
                "output.folder=" + dir.resolve("out-" + name),
                "state.url=jdbc:sqlite:" + dir.resolve("state/ledger.db"),
                "source.type=s3",
                "source.s3.bucket=exports",
                "source.s3.prefix=in",
                "source.s3.endpoint=" + s3.endpoint(),
                "source.s3.output-prefix=reports-" + name,
                "notify.slack.webhook-url=" + slack.url() + WEBHOOK_PATH,
                "notify.hipchat.url=" + hipchat.url(),
                "notify.hipchat.room=Data",
                "notify.hipchat.token=" + HIPCHAT_TOKEN,
                "notify.timeout-ms=500",
                "") + "\n");
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(),
                "import", "--config", config.toString(), "--report", dir.resolve(name + "-report.json").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("AWS_PROFILE");
        env.remove("INTERCOM_BASE_URL");
        env.put("INTERCOM_ACCESS_TOKEN", token);
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", s3Secret);
        env.put("JAVA_OPTS", "-Dintercom-sync.log-level=DEBUG");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** What a gateway in front of Intercom may say: the refused request's credentials, quoted back. */
    private static String echo(MeddlingProxy.Exchange e, String code) {
        String auth = e.requestHeader("Authorization");
        return "{\"type\":\"error.list\",\"errors\":[{\"code\":\"" + code + "\",\"message\":\"request "
                + e.method() + " " + e.pathAndQuery() + " with Authorization: " + auth + " (token " + auth.substring(7)
                + ") refused\"}]}";
    }

    @Test
    void noSecretEscapesWhenIntercomOrAGatewayQuotesTheCredentialsBack() throws Exception {
        s3.put("exports", "in/users_20260101T000000.csv", "external_id,email,name\n"
                + "e-1,e1@example.com,One\ne-2,e2@example.com,Two\ne-3,e3@example.com,Three\ne-4,not-an-email,Four\n");
        AtomicInteger meCalls = new AtomicInteger();
        AtomicBoolean refuseEverything = new AtomicBoolean();
        try (MeddlingProxy gateway = new MeddlingProxy(sandbox.baseUrl())) {
            gateway.hook(e -> {
                if (refuseEverything.get()) {
                    return e.answer(401, echo(e, "unauthorized"));
                }
                if (e.pathAndQuery().equals("/me") && meCalls.incrementAndGet() <= 2) {
                    return e.answer(503, echo(e, "service_unavailable")); // retried: the preflight says why on the console
                }
                if (e.requestBody().contains("\"e-2\"")) {
                    return e.answer(422, echo(e, "parameter_invalid")); // the gateway refuses this row, quoting the token
                }
                // 5xx only: a 409's body names the existing contact, which a gateway leaves as it is
                return e.status() >= 500 ? e.answer(e.status(), echo(e, "server_error")) : e;
            });
            sandbox.setFaultRate(0.2); // 5xx of every kind, each quoting the token on its way back

            // 1. Rows refused with the token in the reason; retries with it in theirs.
            Run echoed = run("echoed", TOKEN, S3ProxyServer.SECRET_KEY, gateway.baseUrl());
            assertThat(echoed.exitCode()).as(echoed.output()).isEqualTo(3);
            assertThat(echoed.output()).contains("Intercom is not answering as it should: GET /me failed (503 service_unavailable)")
                    .contains("with Authorization: Bearer ****");
            assertThat(s3.get("exports", "reports-echoed/users_20260101T000000.user_errors.csv")).as(echoed.output())
                    .contains("e-2").contains("Authorization: Bearer ****");

            // 2. The run refused as a whole: the token in the report's error, the console's and Slack's.
            refuseEverything.set(true);
            Run refused = run("refused", TOKEN, S3ProxyServer.SECRET_KEY, gateway.baseUrl());
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("intercom-sync: GET /me failed (401 unauthorized): request GET /me with Authorization: Bearer ****");
            assertThat(Files.readString(dir.resolve("refused-report.json"))).contains("Authorization: Bearer ****");
        }
        // 3. A token with a line break in it: refused at startup, by position, never printed.
        String broken = "itok-FIRST-LINE-a1b2\nitok-SECOND-LINE-c3d4";
        Run newline = run("newline", broken, S3ProxyServer.SECRET_KEY);
        assertThat(newline.exitCode()).as(newline.output()).isEqualTo(2);
        assertThat(newline.output()).contains("intercom-sync: intercom.access-token contains a line break (character 21 of 42)");

        StringBuilder seen = new StringBuilder(everythingWritten());
        for (String key : s3.keys("exports")) {
            seen.append(key).append('\n').append(s3.get("exports", key)).append('\n');
        }
        List<RecordingHttpServer.Request> sent = new ArrayList<>(slack.requests());
        sent.addAll(hipchat.requests());
        assertThat(slack.requests()).anySatisfy(r -> assertThat(r.body()).contains("Bearer ****"));
        for (RecordingHttpServer.Request r : sent) {
            seen.append(r.body()).append('\n');
        }
        String all = seen.toString();
        for (String secret : List.of(TOKEN, WEBHOOK_SECRET, HIPCHAT_TOKEN, "itok-FIRST-LINE-a1b2", "itok-SECOND-LINE-c3d4")) {
            assertThat(all).as("no trace of a secret (%s...)", secret.substring(0, 8)).doesNotContain(secret);
        }
        assertThat(all).contains("not-an-email").contains("\"rows\" : 4");
    }

    /** Every file under the working folder (logs, reports, errors CSVs, the ledger, S3's stored objects). */
    private String everythingWritten() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().endsWith(".properties")) {
                    continue; // the test's own configuration holds the HipChat token by design
                }
                all.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void noSecretReachesLogsOutputReportsErrorsUploadsOrNotificationsWhateverGoesWrong() throws Exception {
        s3.put("exports", "in/users_20260101T000000.csv", "external_id,email,name\n"
                + "s-1,s1@example.com,One\ns-2,not-an-email,Two\ns-3,s3@example.com,Three,extra\ns-4,s4@example.com,Four\n");
        // 1. Faults on Intercom's side, failed rows, Slack answering 500 and HipChat refusing its token.
        slack.answer(500, "internal error");
        hipchat.answer(401, "{\"error\":{\"code\":401,\"message\":\"Invalid OAuth session\"}}");
        Run faulty = run("faulty", TOKEN, S3ProxyServer.SECRET_KEY);
        assertThat(faulty.exitCode()).as(faulty.output()).isEqualTo(3);
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(s3.keys("exports")).contains("reports-faulty/users_20260101T000000.user_errors.csv");

        // 2. A wrong Intercom token, with Slack unreachable (its connection error names the URL).
        List<RecordingHttpServer.Request> slackSeen = slack.requests();
        slack.close();
        hipchat.answer(204, null);
        Run badToken = run("badtoken", WRONG_TOKEN, S3ProxyServer.SECRET_KEY);
        assertThat(badToken.exitCode()).as(badToken.output()).isEqualTo(1);
        assertThat(badToken.output()).contains("401").contains("DEBUG") // the failure's stack trace, logged at debug
                .contains("Slack: the start notification was not sent");

        // 3. A wrong S3 secret key.
        Run badS3 = run("bads3", TOKEN, WRONG_S3_SECRET);
        assertThat(badS3.exitCode()).as(badS3.output()).isEqualTo(1);

        StringBuilder seen = new StringBuilder(everythingWritten());
        for (String key : s3.keys("exports")) {
            seen.append(key).append('\n').append(s3.get("exports", key)).append('\n');
        }
        List<RecordingHttpServer.Request> sent = new ArrayList<>(slackSeen);
        sent.addAll(hipchat.requests());
        assertThat(sent).isNotEmpty();
        for (RecordingHttpServer.Request r : sent) {
            seen.append(r.body()).append('\n');
            r.headers().forEach((k, v) -> {
                if (!k.equals("authorization")) { // HipChat's own token travels here, as it must
                    seen.append(k).append(": ").append(v).append('\n');
                }
            });
        }
        String all = seen.toString();
        for (String secret : SECRETS) {
            assertThat(all).as("no trace of a secret (%s...)", secret.substring(0, 5)).doesNotContain(secret);
        }
        // The runs did write what they should; the check above looked at real content.
        assertThat(all).contains("not-an-email").contains("\"rows\" : 4").contains("\tat ");
        assertThat(hipchat.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + HIPCHAT_TOKEN));
    }
}
