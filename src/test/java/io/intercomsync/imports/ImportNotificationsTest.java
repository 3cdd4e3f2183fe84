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
