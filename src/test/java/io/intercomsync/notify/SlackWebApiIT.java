package io.intercomsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.testing.RecordingHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/intercom-sync as packaged, its log at DEBUG, posting to a stand-in for Slack's Web API: the messages
 * arrive at chat.postMessage with the bot token in the Authorization header and nowhere else, and a
 * refusal is one WARN line that names the key to check.
 */
class SlackWebApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "itok-slackit-5521";
    private static final String BOT_TOKEN = "xoxb-9001-9002-SECRET-bot-71fe";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private RecordingHttpServer slack;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        slack = RecordingHttpServer.start();
    }

    @AfterEach
    void stop() {
        slack.close();
        sandbox.close();
    }

    private String run(String name) throws Exception {
        Files.createDirectories(dir.resolve("inbox-" + name));
        Files.writeString(dir.resolve("inbox-" + name).resolve("users_20260101T000000.csv"),
                "external_id,email,name\n" + name + "-1,one@example.com,One\n" + name + "-2,not-an-email,Two\n");
        Path config = Files.writeString(dir.resolve(name + ".properties"), String.join("\n",
                "intercom.base-url=" + sandbox.baseUrl(),
                "intercom.access-token=" + TOKEN,
                "source.local.folder=" + dir.resolve("inbox-" + name),
                "output.folder=" + dir.resolve("out-" + name),
                "state.url=jdbc:sqlite:" + dir.resolve("state/ledger.db"),
                "notify.slack.token=" + BOT_TOKEN,
                "notify.slack.api-url=" + slack.url(),
                "notify.slack.channel=#data-imports",
                "notify.slack.username=intercom-sync",
                "notify.slack.icon-emoji=:inbox_tray:",
                "notify.timeout-ms=1000",
                "") + "\n");
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/intercom-sync").toAbsolutePath().toString(),
                "import", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_OPTS", "-Dintercom-sync.log-level=DEBUG");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(3);
        return Files.readString(log);
    }

    @Test
    void theBotTokenTravelsOnlyInTheAuthorizationHeaderAndARefusalIsOneWarnLine() throws Exception {
        slack.answer(200, "{\"ok\":true,\"channel\":\"C0DATA\",\"ts\":\"1764000000.000200\"}");
        String accepted = run("accepted");

        assertThat(slack.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/chat.postMessage");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + BOT_TOKEN);
            assertThat(r.body()).doesNotContain(BOT_TOKEN);
        });
        JsonNode end = JSON.readTree(slack.requests().get(1).body());
        assertThat(end.get("channel").asText()).isEqualTo("#data-imports");
        assertThat(end.get("username").asText()).isEqualTo("intercom-sync");
        assertThat(end.get("icon_emoji").asText()).isEqualTo(":inbox_tray:");
        assertThat(end.get("attachments").get(0).get("color").asText()).isEqualTo("warning");
        assertThat(accepted).contains("DEBUG").doesNotContain("WARN  Notifications");

        slack.answer(200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
        String refused = run("refused");

        assertThat(slack.requests()).hasSize(3);
        assertThat(refused.lines().filter(l -> l.contains("WARN")).toList()).singleElement().asString()
                .endsWith("Slack: the start notification was not sent: Slack's Web API answered invalid_auth: Slack did not"
                        + " accept the token (check notify.slack.token); no more notifications go to Slack in this run."
                        + " The import goes on.");

        StringBuilder written = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".properties")).toList()) {
                written.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(written.toString()).contains("not-an-email").contains("DEBUG").doesNotContain(BOT_TOKEN)
                .doesNotContain(BOT_TOKEN.substring(0, 16));
        List<String> headersButAuthorization = slack.requests().stream()
                .flatMap(r -> r.headers().entrySet().stream().filter(h -> !h.getKey().equals("authorization")))
                .map(Object::toString).toList();
        assertThat(String.join("\n", headersButAuthorization)).doesNotContain(BOT_TOKEN);
    }
}
