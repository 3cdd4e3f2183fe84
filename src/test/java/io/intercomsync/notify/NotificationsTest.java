package io.intercomsync.notify;

import io.intercomsync.report.RunReport;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationsTest {
    private static final String WEBHOOK = "https://hooks.slack.com/services/T0/B0/hook-secret-99";
    private final Notifications notifications = new Notifications(new NotifySettings(
            Optional.of(NotifySettings.Slack.webhook(WEBHOOK, null, null, null, null)),
            Optional.of(new NotifySettings.HipChat("https://team.hipchat.com", "42", "hc-secret-77", "intercom-sync")),
            1500, 3));

    @Test
    void theWarnLineSaysWhichNotificationFailedWhyAndThatTheImportGoesOn() {
        NotifiersDown down = notifications.newRun();
        String line = notifications.notSent("hipchat", Notice.started("in/users.csv", false),
                notifications.describe(new SocketTimeoutException("Read timed out")), 3, down);
        assertThat(line).isEqualTo("HipChat: the start notification was not sent: no answer within 1500 ms after 3 attempts; "
                + "no more notifications go to HipChat in this run. The import goes on.");
        assertThat(notifications.sends("hipchat", down)).isFalse();
        assertThat(notifications.sends("slack", down)).isTrue();
        assertThat(notifications.sends("slack", null)).isTrue();
    }

    @Test
    void secretsAreMaskedInWarnLinesAndBodies() {
        String line = notifications.notSent("slack", Notice.ended(failed("cannot reach " + WEBHOOK + " with hc-secret-77")),
                notifications.describe(new ConnectException("Connect to " + WEBHOOK + " failed: Connection refused")), 1, null);
        assertThat(line).startsWith("Slack: the error notification was not sent: cannot connect")
                .doesNotContain("hook-secret-99").contains("****");
        assertThat(notifications.describe(new IllegalStateException("posting to /services/T0/B0/hook-secret-99")))
                .contains("IllegalStateException");
        assertThat(notifications.mask(notifications.describe(new IllegalStateException("posting to /services/T0/B0/hook-secret-99"))))
                .doesNotContain("hook-secret-99");
        String body = notifications.hipChatBody(Notice.ended(failed("token hc-secret-77 and " + WEBHOOK)));
        assertThat(body).doesNotContain("hc-secret-77").doesNotContain("hook-secret-99");
        assertThat(notifications.slackBody(Notice.ended(failed("token hc-secret-77")))).doesNotContain("hc-secret-77");
    }

    @Test
    void theWebApisAnswerIsReadForOkAndEachRefusalNamesWhatToCheckWithoutTheToken() {
        Notifications api = new Notifications(new NotifySettings(Optional.of(NotifySettings.Slack.webApi(
                "xoxb-bot-secret-42", "https://slack.example.com/", "#imports", null, null, null)), Optional.empty(), 1500, 3));
        assertThat(api.slackWebApi()).isTrue();
        assertThat(api.slackUrl()).isEqualTo("https://slack.example.com/api/chat.postMessage");
        assertThat(api.slackAuthorization()).isEqualTo("Bearer xoxb-bot-secret-42");
        api.slackAnswered("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\",\"warning\":\"superfluous_charset\"}");
        assertThatThrownBy(() -> api.slackAnswered("{\"ok\":false,\"error\":\"channel_not_found\"}"))
                .isInstanceOfSatisfying(SlackRefusedException.class, e -> assertThat(e.error()).isEqualTo("channel_not_found"));
        assertThatThrownBy(() -> api.slackAnswered("<html>a proxy's page</html>"))
                .isInstanceOfSatisfying(SlackRefusedException.class, e -> assertThat(e.error()).isEqualTo(SlackRefusedException.NOT_AN_ANSWER));
        assertThatThrownBy(() -> api.slackAnswered("{\"ok\":false,\"error\":\"<b>odd</b> xoxb\"}"))
                .isInstanceOfSatisfying(SlackRefusedException.class, e -> assertThat(e.error()).isEqualTo("boddbxoxb"));

        assertThat(api.slackApiReason("channel_not_found")).contains("#imports").contains("notify.slack.channel");
        assertThat(api.slackApiReason("not_in_channel")).contains("invite").contains("chat:write.public");
        assertThat(api.slackApiReason("invalid_auth")).contains("notify.slack.token");
        assertThat(api.slackApiReason("token_revoked")).contains("notify.slack.token");
        assertThat(api.slackApiReason("missing_scope")).contains("chat:write");
        assertThat(api.slackApiReason("msg_too_long")).isEqualTo("Slack's Web API answered msg_too_long");
        assertThat(api.slackApiReason(SlackRefusedException.NOT_AN_ANSWER)).contains("notify.slack.api-url");
        NotifiersDown down = api.newRun();
        String line = api.notSent("slack", Notice.started("in/users.csv", false),
                api.slackApiReason("invalid_auth") + " for xoxb-bot-secret-42", 1, down);
        assertThat(line).doesNotContain("xoxb-bot-secret-42").endsWith("The import goes on.");
        assertThat(api.sends("slack", down)).isFalse();
    }

    @Test
    void aWebhooksAnswerIsNotReadAsTheWebApis() {
        notifications.slackAnswered("ok");
        notifications.slackAnswered(null);
        assertThat(notifications.slackWebApi()).isFalse();
        assertThat(notifications.slackUrl()).isEqualTo(WEBHOOK);
    }

    @Test
    void aNotifierThatIsOffIsNeverSentTo() {
        Notifications off = new Notifications(NotifySettings.none());
        assertThat(off.sends("slack", null)).isFalse();
        assertThat(off.sends("hipchat", off.newRun())).isFalse();
    }

    private static RunReport failed(String error) {
        return new RunReport(RunReport.FAILED, "in/users.csv", false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                "2026-11-01T09:00:00Z", "2026-11-01T09:00:01Z", 1000, null, error);
    }
}
