package io.intercomsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.report.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Slack and HipChat payloads for each outcome, built from a notice alone. */
class MessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NotifySettings.Slack SLACK = NotifySettings.Slack.webhook("https://hooks.slack.com/services/T/B/s",
            "@ops", null, "https://example.com/icon.png", null);
    private static final NotifySettings.HipChat HIPCHAT = new NotifySettings.HipChat("https://team.hipchat.com",
            "Data & Ops", "tok", "sync-bot");

    private static RunReport report(String status, long created, long updated, long unchanged, long failed, long ms, String error) {
        return new RunReport(status, "s3://bucket/drop/users_20261101T090000.csv", false,
                created + updated + unchanged + failed, created, updated, unchanged, failed, 0, 10, 5, 0, 0,
                "2026-11-01T09:00:00Z", "2026-11-01T09:01:05Z", ms, "out/user_errors.csv", error);
    }

    @Test
    void aStartIsAHeadlineNamingTheFileYellowInHipChat() throws Exception {
        Notice n = Notice.started("/data/inbox/users_20261101T090000.csv", true);
        JsonNode slack = JSON.readTree(SlackMessage.json(n, SLACK));
        assertThat(slack.get("text").asText()).isEqualTo("Intercom import of users_20261101T090000.csv started (dry run: nothing written to Intercom)");
        assertThat(slack.get("channel").asText()).isEqualTo("@ops");
        assertThat(slack.get("icon_url").asText()).isEqualTo("https://example.com/icon.png");
        assertThat(slack.has("username")).isFalse();
        assertThat(slack.has("icon_emoji")).isFalse();
        JsonNode hip = JSON.readTree(HipChatMessage.json(n, HIPCHAT));
        assertThat(hip.get("color").asText()).isEqualTo("yellow");
        assertThat(hip.get("notify").asBoolean()).isFalse();
        assertThat(hip.get("from").asText()).isEqualTo("sync-bot");
        assertThat(HipChatMessage.url(HIPCHAT)).isEqualTo("https://team.hipchat.com/v2/room/Data%20%26%20Ops/notification");
    }

    @Test
    void eachEndHasItsColourAndTheCounts() throws Exception {
        Notice ok = Notice.ended(report(RunReport.SUCCEEDED, 8, 2, 1, 0, 65_000, null));
        JsonNode a = JSON.readTree(SlackMessage.json(ok, SLACK)).get("attachments").get(0);
        assertThat(a.get("color").asText()).isEqualTo("good");
        assertThat(a.get("fallback").asText()).contains("11 rows: 8 created, 2 updated, 1 unchanged, 0 failed in 1 min 05 s");
        assertThat(a.toString()).doesNotContain("Failed rows are in");
        assertThat(a.get("fields").get(0).get("short").asBoolean()).isTrue();
        assertThat(JSON.readTree(HipChatMessage.json(ok, HIPCHAT)).get("color").asText()).isEqualTo("green");

        Notice some = Notice.ended(report(RunReport.ROWS_FAILED, 8, 0, 0, 1, 1234, null));
        assertThat(some.headline()).endsWith("finished with 1 failed row");
        JsonNode b = JSON.readTree(SlackMessage.json(some, SLACK)).get("attachments").get(0);
        assertThat(b.get("color").asText()).isEqualTo("warning");
        assertThat(b.toString()).contains("out/user_errors.csv");
        JsonNode hip = JSON.readTree(HipChatMessage.json(some, HIPCHAT));
        assertThat(hip.get("color").asText()).isEqualTo("red");
        assertThat(hip.get("notify").asBoolean()).isTrue();
        assertThat(hip.get("message").asText()).isEqualTo("Intercom import of users_20261101T090000.csv finished with 1 failed row: "
                + "9 rows: 8 created, 0 updated, 0 unchanged, 1 failed in 1.2 s; failed rows are in out/user_errors.csv.");
    }

    @Test
    void aFailureSaysWhyInOneLineAndIsRed() throws Exception {
        Notice n = Notice.ended(report(RunReport.FAILED, 0, 0, 0, 0, 300,
                "Intercom refused the access token (HTTP 401):\n  check intercom.access-token"));
        JsonNode slack = JSON.readTree(SlackMessage.json(n, SLACK));
        assertThat(slack.get("text").asText()).contains("failed: Intercom refused the access token (HTTP 401): check intercom.access-token");
        JsonNode a = slack.get("attachments").get(0);
        assertThat(a.get("color").asText()).isEqualTo("danger");
        assertThat(a.get("text").asText()).isEqualTo("Intercom refused the access token (HTTP 401): check intercom.access-token");
        JsonNode hip = JSON.readTree(HipChatMessage.json(n, HIPCHAT));
        assertThat(hip.get("color").asText()).isEqualTo("red");
        assertThat(hip.get("message").asText()).doesNotContain("\n").contains("HTTP 401");
    }

    @Test
    void slackMarkupInFileNamesAndErrorsIsEscaped() throws Exception {
        Notice n = Notice.ended(new RunReport(RunReport.FAILED, "in/<!channel>&users.csv", false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                "2026-11-01T09:00:00Z", "2026-11-01T09:00:01Z", 1000, null, "column <b> & more"));
        JsonNode slack = JSON.readTree(SlackMessage.json(n, SLACK));
        assertThat(slack.get("text").asText()).contains("&lt;!channel&gt;&amp;users.csv").doesNotContain("<!channel>");
        assertThat(slack.get("attachments").get(0).get("text").asText()).isEqualTo("column &lt;b&gt; &amp; more");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(Notice.humanDuration(Duration.ofMillis(850))).isEqualTo("0.9 s");
        assertThat(Notice.humanDuration(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(Notice.humanDuration(Duration.ofMinutes(185))).isEqualTo("3 h 05 min");
    }
}
