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
