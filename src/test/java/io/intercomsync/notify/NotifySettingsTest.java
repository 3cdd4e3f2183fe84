package io.intercomsync.notify;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifySettingsTest {
    private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX";

    private static NotifySettings settings(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return NotifySettings.from(AppConfig.of(p));
    }

    @Test
    void eachNotifierIsOffUntilItsUrlIsSet() {
        NotifySettings none = settings("notify.slack.channel", "#x", "notify.hipchat.room", "r", "notify.hipchat.token", "t");
        assertThat(none.slack()).isEmpty();
        assertThat(none.hipChat()).isEmpty();
        assertThat(none.timeoutMs()).isEqualTo(2000);
        assertThat(none.maxAttempts()).isEqualTo(3);

        NotifySettings both = settings("notify.slack.webhook-url", WEBHOOK,
                "notify.hipchat.url", "https://team.hipchat.com/", "notify.hipchat.room", "42", "notify.hipchat.token", "tok");
        assertThat(both.slack()).isPresent();
        assertThat(both.hipChat()).get().satisfies(h -> {
            assertThat(h.url()).isEqualTo("https://team.hipchat.com");
            assertThat(h.from()).isEqualTo("intercom-sync");
        });
    }

    @Test
    void aHipChatFromOf15CharactersIsAcceptedAndOf16IsRefusedNamingTheKey() {
        String[] hipchat = {"notify.hipchat.url", "https://team.hipchat.com", "notify.hipchat.room", "42", "notify.hipchat.token", "tok"};
        assertThat(settings(with(hipchat, "notify.hipchat.from", "fifteen-chars!!")).hipChat().orElseThrow().from())
                .hasSize(15);
        assertThatThrownBy(() -> settings(with(hipchat, "notify.hipchat.from", "sixteen-chars!!!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify.hipchat.from")
                .hasMessageContaining("16 characters")
                .hasMessageContaining("1 to 15");
    }

    @Test
    void hipChatNeedsARoomAndAToken() {
        assertThatThrownBy(() -> settings("notify.hipchat.url", "https://team.hipchat.com", "notify.hipchat.token", "tok"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.hipchat.room");
        assertThatThrownBy(() -> settings("notify.hipchat.url", "https://team.hipchat.com", "notify.hipchat.room", "42"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.hipchat.token");
    }

    @Test
    void secretsTravelOverHttpsOnlyUnlessToLoopbackAndAreNeverEchoed() {
        assertThatThrownBy(() -> settings("notify.slack.webhook-url", "http://hooks.example.com/services/T/B/secret-part"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify.slack.webhook-url").hasMessageContaining("https")
                .hasMessageNotContaining("secret-part");
        assertThatThrownBy(() -> settings("notify.slack.webhook-url", "hooks.slack.com/services/T/B/secret-part"))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("secret-part");
        assertThatThrownBy(() -> settings("notify.hipchat.url", "http://team.example.com", "notify.hipchat.room", "1",
                "notify.hipchat.token", "hc-secret-5150"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.hipchat.url").hasMessageNotContaining("hc-secret-5150");
        assertThat(settings("notify.slack.webhook-url", "http://127.0.0.1:4020/services/T/B/x").slack()).isPresent();
        assertThat(settings("notify.hipchat.url", "http://localhost:4020", "notify.hipchat.room", "1",
                "notify.hipchat.token", "t").hipChat()).isPresent();
    }

    @Test
    void aBotTokenPostsToTheWebApiAtSlackComUnlessApiUrlSaysOtherwiseAndNeedsAChannel() {
        NotifySettings.Slack s = settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "#imports",
                "notify.slack.username", "intercom-sync", "notify.slack.icon-emoji", "inbox_tray").slack().orElseThrow();
        assertThat(s.webApi()).isTrue();
        assertThat(s.postUrl()).isEqualTo("https://slack.com/api/chat.postMessage");
        assertThat(s.iconEmoji()).isEqualTo(":inbox_tray:");
        assertThat(settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "C0123",
                "notify.slack.api-url", "https://acme.enterprise.slack.com/").slack().orElseThrow().postUrl())
                .isEqualTo("https://acme.enterprise.slack.com/api/chat.postMessage");
        assertThat(settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "C0123",
                "notify.slack.api-url", "http://127.0.0.1:4020").slack()).isPresent();

        assertThatThrownBy(() -> settings("notify.slack.token", "xoxb-1-2-tok"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.slack.channel is not set")
                .hasMessageNotContaining("xoxb-1-2-tok");
        assertThatThrownBy(() -> settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "#x",
                "notify.slack.webhook-url", WEBHOOK))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both set")
                .hasMessageNotContaining("xoxb-1-2-tok").hasMessageNotContaining("XXXXsecretXXXX");
        assertThatThrownBy(() -> settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "#x",
                "notify.slack.api-url", "http://slack.example.com"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.slack.api-url").hasMessageContaining("https")
                .hasMessageNotContaining("xoxb-1-2-tok");
        assertThatThrownBy(() -> settings("notify.slack.token", "xoxb-1-2 tok", "notify.slack.channel", "#x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.slack.token").hasMessageNotContaining("xoxb-1-2");

        NotifySettings withToken = settings("notify.slack.token", "xoxb-1-2-tok", "notify.slack.channel", "#x");
        assertThat(withToken.toString()).doesNotContain("xoxb-1-2-tok");
        assertThat(withToken.secrets()).containsExactly("xoxb-1-2-tok");
    }

    @Test
    void anIconEmojiGetsItsColonsAndNonsenseIsRefused() {
        assertThat(settings("notify.slack.webhook-url", WEBHOOK, "notify.slack.icon-emoji", "inbox_tray")
                .slack().orElseThrow().iconEmoji()).isEqualTo(":inbox_tray:");
        assertThatThrownBy(() -> settings("notify.slack.webhook-url", WEBHOOK, "notify.slack.icon-emoji", "not an emoji"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.slack.icon-emoji");
    }

    @Test
    void timeoutAndAttemptsAreBounded() {
        assertThatThrownBy(() -> settings("notify.timeout-ms", "0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify.timeout-ms");
        assertThatThrownBy(() -> settings("notify.max-attempts", "50")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("notify.max-attempts");
    }

    @Test
    void toStringAndSecretsCoverTheWebhookUrlAndTheToken() {
        NotifySettings s = settings("notify.slack.webhook-url", WEBHOOK,
                "notify.hipchat.url", "https://team.hipchat.com", "notify.hipchat.room", "42", "notify.hipchat.token", "tok-123");
        assertThat(s.toString()).doesNotContain("XXXXsecretXXXX").doesNotContain("tok-123");
        assertThat(s.secrets()).contains(WEBHOOK, "/services/T000/B000/XXXXsecretXXXX", "tok-123");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
