package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.testing.RecordingHttpServer;
import io.intercomsync.testing.RecordingHttpServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.intercomsync.imports.ImportFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start, end and error notifications of a real import (the command, its routes, the sandbox), as
 * local receivers standing in for Slack and HipChat recorded them.
 */
class ImportNotificationsTest {
    private static final String TOKEN = "tok-notify-8d21e";
    private static final String HIPCHAT_TOKEN = "hc-room-token-77aa1";
    private static final String WEBHOOK_PATH = "/services/T0001/B0002/wh-secret-4f9c";
    private static final String BOT_TOKEN = "xoxb-0001-0002-bot-secret-9c1e";
    private static final String SLACK_OK = "{\"ok\":true,\"channel\":\"C0IMPORTS\",\"ts\":\"1764000000.000100\"}";
    private static final String HEADER = "external_id,email,name\n";
    private static final String FILE = "users_20260101T000000.csv";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private RecordingHttpServer slack;
    private RecordingHttpServer hipchat;
    private ImportFixture f;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        slack = RecordingHttpServer.start();
        hipchat = RecordingHttpServer.start().answer(204, null);
        f = new ImportFixture(dir, sandbox, TOKEN)
                .set("notify.slack.webhook-url", slack.url() + WEBHOOK_PATH)
                .set("notify.slack.channel", "#imports")
                .set("notify.slack.username", "intercom-sync")
                .set("notify.slack.icon-emoji", ":inbox_tray:")
                .set("notify.hipchat.url", hipchat.url() + "/")
                .set("notify.hipchat.room", "Data Team")
                .set("notify.hipchat.token", HIPCHAT_TOKEN)
                .set("notify.timeout-ms", "500");
    }

    @AfterEach
    void stop() {
        slack.close();
        hipchat.close();
        sandbox.close();
    }

    @Test
    void aCleanRunTellsBothNotifiersItStartedAndThatItSucceededWithItsCounts() throws Exception {
        f.api("POST", "/contacts", "{\"external_id\":\"u-2\",\"email\":\"old@example.com\"}");
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\nu-2,two@example.com,Two\nu-3,three@example.com,Three\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        List<Request> s = slack.requests();
        assertThat(s).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo(WEBHOOK_PATH);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("Authorization")).isNull();
            assertNoSecrets(r);
        });
        JsonNode start = JSON.readTree(s.get(0).body());
        assertThat(start.get("text").asText()).contains(FILE).contains("started");
        assertThat(start.get("channel").asText()).isEqualTo("#imports");
        assertThat(start.get("username").asText()).isEqualTo("intercom-sync");
        assertThat(start.get("icon_emoji").asText()).isEqualTo(":inbox_tray:");
        assertThat(start.has("attachments")).isFalse();
        JsonNode end = JSON.readTree(s.get(1).body());
        assertThat(end.get("text").asText()).contains(FILE).contains("succeeded");
        JsonNode attachment = end.get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("good");
        assertThat(field(attachment, "Created")).isEqualTo("2");
        assertThat(field(attachment, "Updated")).isEqualTo("1");
        assertThat(field(attachment, "Unchanged")).isEqualTo("0");
        assertThat(field(attachment, "Failed")).isEqualTo("0");
        assertThat(field(attachment, "Duration")).matches("\\d+\\.\\d s");
        assertThat(field(attachment, "Failed rows are in")).isNull();

        List<Request> h = hipchat.requests();
        assertThat(h).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v2/room/Data%20Team/notification");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + HIPCHAT_TOKEN);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertNoSecrets(r);
        });
        JsonNode hStart = JSON.readTree(h.get(0).body());
        assertThat(hStart.get("color").asText()).isEqualTo("yellow");
        assertThat(hStart.get("message").asText()).contains(FILE).contains("started");
        assertThat(hStart.get("message_format").asText()).isEqualTo("text");
        assertThat(hStart.get("notify").asBoolean()).isFalse();
        assertThat(hStart.get("from").asText()).isEqualTo("intercom-sync");
        JsonNode hEnd = JSON.readTree(h.get(1).body());
        assertThat(hEnd.get("color").asText()).isEqualTo("green");
        assertThat(hEnd.get("message").asText()).contains(FILE)
                .contains("3 rows: 2 created, 1 updated, 0 unchanged, 0 failed");
    }

    @Test
    void aRunWithFailedRowsSaysHowManyAndWhereTheErrorsCsvIs() throws Exception {
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\nu-2,two@example.com\nu-3,three@example.com,Three,extra\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        String errorsCsv = dir.resolve("out/user_errors.csv").toString();
        JsonNode end = JSON.readTree(slack.requests().get(1).body());
        assertThat(end.get("text").asText()).contains("2 failed rows");
        JsonNode attachment = end.get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("warning");
        assertThat(field(attachment, "Created")).isEqualTo("1");
        assertThat(field(attachment, "Failed")).isEqualTo("2");
        assertThat(field(attachment, "Failed rows are in")).isEqualTo(errorsCsv);

        JsonNode hEnd = JSON.readTree(hipchat.requests().get(1).body());
        assertThat(hEnd.get("color").asText()).isEqualTo("red");
        assertThat(hEnd.get("notify").asBoolean()).isTrue();
        assertThat(hEnd.get("message").asText()).contains("1 created").contains("2 failed").contains(errorsCsv);
    }

    @Test
    void aBadTokenSendsTheErrorInOneSentenceWithoutTheTokenOrAStackTrace() throws Exception {
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");
        f.set("intercom.access-token", "wrong-token-31337");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(slack.requests()).hasSize(2);
        Request error = slack.requests().get(1);
        assertThat(error.body()).doesNotContain("wrong-token-31337").doesNotContain("\tat ").doesNotContain("Exception");
        JsonNode attachment = JSON.readTree(error.body()).get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("danger");
        assertThat(attachment.get("text").asText()).contains("401").contains("intercom.access-token")
                .doesNotContain("\n");
        assertThat(JSON.readTree(error.body()).get("text").asText()).contains(FILE).contains("failed");

        assertThat(hipchat.requests()).hasSize(2);
        JsonNode hError = JSON.readTree(hipchat.requests().get(1).body());
        assertThat(hError.get("color").asText()).isEqualTo("red");
        assertThat(hError.get("notify").asBoolean()).isTrue();
        assertThat(hError.get("message").asText()).contains("401").doesNotContain("wrong-token-31337");
        assertThat(hipchat.requests().get(1).body()).doesNotContain("\tat ");
    }

    @Test
    void aMissingFileOrAnEmptyInboxSendsAnErrorNotificationNamingIt() throws Exception {
        ImportFixture.Result missing = f.run("--file", dir.resolve("nope.csv").toString());

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(slack.requests().get(0).body()).get("text").asText()).contains("nope.csv").contains("started");
        JsonNode error = JSON.readTree(slack.requests().get(1).body());
        assertThat(error.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
        assertThat(error.get("attachments").get(0).get("text").asText()).contains("does not exist");
        assertThat(JSON.readTree(hipchat.requests().get(1).body()).get("message").asText()).contains("nope.csv").contains("does not exist");

        Files.createDirectories(dir.resolve("inbox"));
        ImportFixture.Result none = f.run();

        assertThat(none.exitCode()).isEqualTo(1);
        // nothing was picked, so nothing started: the error is the only notification of that run
        assertThat(slack.requests()).hasSize(3);
        JsonNode noFile = JSON.readTree(slack.requests().get(2).body());
        assertThat(noFile.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
        assertThat(noFile.get("attachments").get(0).get("text").asText()).contains("no file in").contains("users_{timestamp}.csv");
        assertThat(JSON.readTree(hipchat.requests().get(2).body()).get("color").asText()).isEqualTo("red");
    }

    @Test
    void aNotifierThatIsDownOrHangsNeitherFailsNorHoldsUpTheImport() throws Exception {
        f.set("notify.slack.webhook-url", RecordingHttpServer.refusingUrl() + WEBHOOK_PATH);
        hipchat.hang();
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\nu-2,two@example.com,Two\n");

        long t0 = System.nanoTime();
        ImportFixture.Result result = f.run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        assertThat(f.report().get("created").asLong()).isEqualTo(2);
        assertThat(f.report().get("status").asText()).isEqualTo("succeeded");
        // the start notification was tried 3 times (notify.max-attempts); the hung notifier was then left alone
        assertThat(hipchat.requests()).hasSize(3)
                .allSatisfy(r -> assertThat(JSON.readTree(r.body()).get("color").asText()).isEqualTo("yellow"));
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aNotifierAnswering5xxIsRetriedAndOneAnswering4xxIsNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        slack.answer(r -> calls.incrementAndGet() == 1
                ? new RecordingHttpServer.Response(503, "busy") : new RecordingHttpServer.Response(200, "ok"));
        hipchat.answer(401, "{\"error\":{\"code\":401,\"message\":\"Invalid OAuth session\"}}");
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        // Slack: the start was sent again after the 503, then the end went through
        assertThat(slack.requests()).hasSize(3);
        assertThat(slack.requests().get(0).body()).isEqualTo(slack.requests().get(1).body());
        assertThat(JSON.readTree(slack.requests().get(2).body()).get("attachments").get(0).get("color").asText()).isEqualTo("good");
        // HipChat: a refused token is not asked again, neither for this notification nor for the run's end
        assertThat(hipchat.requests()).hasSize(1);
    }

    @Test
    void aHipChatFromLongerThan15CharactersIsRefusedAtStartup() throws Exception {
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");
        f.set("notify.hipchat.from", "intercom-sync-prod");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("notify.hipchat.from").contains("1 to 15");
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(slack.requests()).isEmpty();
        assertThat(hipchat.requests()).isEmpty();
    }

    @Test
    void withNoNotifierConfiguredNothingIsSent() throws Exception {
        f.set("notify.slack.webhook-url", "").set("notify.hipchat.url", "");
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");

        assertThat(f.run().exitCode()).isZero();

        assertThat(slack.requests()).isEmpty();
        assertThat(hipchat.requests()).isEmpty();
        assertThat(sandbox.contacts()).hasSize(1);
    }

    @Test
    void withABotTokenSlackGetsTheSameMessagesThroughChatPostMessageWithChannelUsernameAndIcon() throws Exception {
        slackWebApi().set("notify.slack.icon-url", "https://example.com/intercom-sync.png");
        slack.answer(200, SLACK_OK);
        f.api("POST", "/contacts", "{\"external_id\":\"u-2\",\"email\":\"old@example.com\"}");
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\nu-2,two@example.com,Two\nu-3,three@example.com\n");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        List<Request> s = slack.requests();
        assertThat(s).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/chat.postMessage");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + BOT_TOKEN);
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(r.body()).doesNotContain(BOT_TOKEN);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("channel").asText()).isEqualTo("#imports");
            assertThat(body.get("username").asText()).isEqualTo("intercom-sync");
            assertThat(body.get("icon_emoji").asText()).isEqualTo(":inbox_tray:");
            assertThat(body.get("icon_url").asText()).isEqualTo("https://example.com/intercom-sync.png");
        });
        JsonNode start = JSON.readTree(s.get(0).body());
        assertThat(start.get("text").asText()).isEqualTo("Intercom import of " + FILE + " started");
        assertThat(start.has("attachments")).isFalse();
        JsonNode end = JSON.readTree(s.get(1).body());
        assertThat(end.get("text").asText()).isEqualTo("Intercom import of " + FILE + " finished with 1 failed row");
        JsonNode attachment = end.get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("warning");
        assertThat(field(attachment, "Created")).isEqualTo("1");
        assertThat(field(attachment, "Updated")).isEqualTo("1");
        assertThat(field(attachment, "Unchanged")).isEqualTo("0");
        assertThat(field(attachment, "Failed")).isEqualTo("1");
        assertThat(field(attachment, "Rows")).isEqualTo("3");
        assertThat(field(attachment, "Failed rows are in")).isEqualTo(dir.resolve("out/user_errors.csv").toString());
        assertThat(attachment.get("fields").get(0).get("short").asBoolean()).isTrue();
        assertThat(attachment.get("fallback").asText()).contains("3 rows: 1 created, 1 updated, 0 unchanged, 1 failed");
        assertThat(hipchat.requests()).hasSize(2);
        assertThat(warnLines()).isEmpty();
    }

    @Test
    void aCleanRunAndAFailedRunThroughTheWebApiAreGoodAndDanger() throws Exception {
        slackWebApi();
        slack.answer(200, SLACK_OK);
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");
        assertThat(f.run().exitCode()).isZero();
        f.set("intercom.access-token", "wrong-token-31337");
        f.inboxFile("users_20260102T000000.csv", HEADER + "u-9,nine@example.com,Nine\n");
        assertThat(f.run().exitCode()).isEqualTo(1);

        List<Request> s = slack.requests();
        assertThat(s).hasSize(4);
        JsonNode good = JSON.readTree(s.get(1).body()).get("attachments").get(0);
        assertThat(good.get("color").asText()).isEqualTo("good");
        assertThat(field(good, "Created")).isEqualTo("1");
        JsonNode danger = JSON.readTree(s.get(3).body()).get("attachments").get(0);
        assertThat(danger.get("color").asText()).isEqualTo("danger");
        assertThat(danger.get("title").asText()).isEqualTo("Why it failed");
        assertThat(danger.get("text").asText()).contains("401").contains("intercom.access-token").doesNotContain("wrong-token-31337");
    }

    @Test
    void channelNotFoundAndInvalidAuthEachSayWhatToFixInOneWarnLineAndTheImportGoesOn() throws Exception {
        slackWebApi();
        for (String error : List.of("channel_not_found", "invalid_auth")) {
            slack.answer(200, "{\"ok\":false,\"error\":\"" + error + "\"}");
            String file = "users_2026010" + (error.startsWith("c") ? 1 : 2) + "T000000.csv";
            f.inboxFile(file, HEADER + "u-1,one@example.com,One\n");
            int before = slack.requests().size();

            ImportFixture.Result result = f.run();

            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(f.report().get("status").asText()).isEqualTo("succeeded");
            // refused once: not asked again, neither for this notification nor for the run's end
            assertThat(slack.requests()).hasSize(before + 1);
            assertThat(hipchat.requests()).hasSize(2 * (before + 1));
            assertThat(result.all()).doesNotContain(BOT_TOKEN);
        }
        List<String> warns = warnLines();
        assertThat(warns).hasSize(2);
        assertThat(warns.get(0)).endsWith("Slack: the start notification was not sent: Slack's Web API answered channel_not_found:"
                + " the app sees no channel #imports (check notify.slack.channel; invite the app to a private channel);"
                + " no more notifications go to Slack in this run. The import goes on.");
        assertThat(warns.get(1)).endsWith("Slack: the start notification was not sent: Slack's Web API answered invalid_auth:"
                + " Slack did not accept the token (check notify.slack.token);"
                + " no more notifications go to Slack in this run. The import goes on.");
        assertThat(String.join("\n", warns)).doesNotContain(BOT_TOKEN).doesNotContain("\tat ");
    }

    @Test
    void theWebApiIsRetriedOn5xxAnd429AndAHangingOneDoesNotHoldUpTheImport() throws Exception {
        slackWebApi();
        AtomicInteger calls = new AtomicInteger();
        slack.answer(r -> switch (calls.incrementAndGet()) {
            case 1 -> new RecordingHttpServer.Response(503, "{\"ok\":false,\"error\":\"service_unavailable\"}");
            case 2 -> new RecordingHttpServer.Response(429, "{\"ok\":false,\"error\":\"ratelimited\"}");
            default -> new RecordingHttpServer.Response(200, SLACK_OK);
        });
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");

        assertThat(f.run().exitCode()).isZero();
        assertThat(slack.requests()).hasSize(4);
        assertThat(slack.requests().get(0).body()).isEqualTo(slack.requests().get(2).body());
        assertThat(warnLines()).isEmpty();

        slack.hang();
        f.inboxFile("users_20260102T000000.csv", HEADER + "u-2,two@example.com,Two\n");
        ImportFixture.Result hung = f.run();

        assertThat(hung.exitCode()).as(hung.all()).isZero();
        assertThat(sandbox.contacts()).hasSize(2);
        // the start was tried notify.max-attempts (3) times, each bounded by notify.timeout-ms; the end was not tried
        assertThat(slack.requests()).hasSize(4 + 3);
        assertThat(warnLines()).singleElement().asString()
                .contains("Slack: the start notification was not sent: no answer within 500 ms after 3 attempts");
    }

    @Test
    void aTokenNeedsAChannelAndIsNotSetWithAWebhookAndAPlainHttpApiUrlIsRefused() throws Exception {
        f.inboxFile(FILE, HEADER + "u-1,one@example.com,One\n");
        slackWebApi().set("notify.slack.channel", "");
        ImportFixture.Result noChannel = f.run();
        assertThat(noChannel.exitCode()).isEqualTo(2);
        assertThat(noChannel.err()).contains("notify.slack.channel is not set: it is needed when notify.slack.token is set");

        slackWebApi().set("notify.slack.webhook-url", slack.url() + WEBHOOK_PATH);
        ImportFixture.Result both = f.run();
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("notify.slack.webhook-url and notify.slack.token are both set");

        slackWebApi().set("notify.slack.api-url", "http://slack.example.com");
        ImportFixture.Result plain = f.run();
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).contains("notify.slack.api-url").contains("https");

        for (ImportFixture.Result r : List.of(noChannel, both, plain)) {
            assertThat(r.all()).doesNotContain(BOT_TOKEN).doesNotContain("wh-secret-4f9c");
        }
        assertThat(slack.requests()).isEmpty();
        assertThat(sandbox.contacts()).isEmpty();
    }

    /** Slack through the Web API (a bot token) at the local receiver, instead of the webhook. */
    private ImportFixture slackWebApi() {
        return f.set("notify.slack.webhook-url", "")
                .set("notify.slack.token", BOT_TOKEN)
                .set("notify.slack.api-url", slack.url())
                .set("notify.slack.channel", "#imports");
    }

    /** The WARN lines of every run so far, from the runs' own error logs (output.folder/logs), oldest first. */
    private List<String> warnLines() throws Exception {
        Path logs = dir.resolve("out/logs");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logs)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".error.log")).sorted().toList()) {
                Files.readAllLines(p).stream().filter(l -> l.contains("WARN")).forEach(lines::add);
            }
            return lines;
        }
    }

    private static String field(JsonNode attachment, String title) {
        for (JsonNode field : attachment.path("fields")) {
            if (field.path("title").asText().equals(title)) {
                return field.path("value").asText();
            }
        }
        return null;
    }

    private static void assertNoSecrets(Request r) {
        assertThat(r.body()).doesNotContain(TOKEN).doesNotContain(HIPCHAT_TOKEN).doesNotContain("wh-secret-4f9c");
    }
}
