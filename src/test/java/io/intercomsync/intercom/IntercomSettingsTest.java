package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntercomSettingsTest {
    private static IntercomSettings settings(String url) {
        return new IntercomSettings(URI.create(url), "secret-token-123", "2.16", Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void refusesPlainHttpToAHostThatIsNotLoopback() {
        assertThatThrownBy(() -> settings("http://api.intercom.io"))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> settings("http://10.0.0.5:8080")).hasMessageContaining("must use https");
    }

    @Test
    void allowsPlainHttpOnLoopbackAndHttpsAnywhere() {
        assertThat(settings("http://127.0.0.1:4010").baseUrl().getPort()).isEqualTo(4010);
        assertThat(settings("http://localhost:4010/").baseUrl().toString()).isEqualTo("http://localhost:4010");
        assertThat(settings("https://api.eu.intercom.io").baseUrl().getHost()).isEqualTo("api.eu.intercom.io");
    }

    @Test
    void neverShowsTheTokenWhenPrinted() {
        assertThat(settings("https://api.intercom.io").toString()).doesNotContain("secret-token-123").contains("****");
    }

    @Test
    void refusesAnEmptyTokenNamingTheKeyAndTheVariable() {
        assertThatThrownBy(() -> new IntercomSettings(URI.create("https://api.intercom.io"), " ", "2.16",
                Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("intercom.access-token").hasMessageContaining("INTERCOM_ACCESS_TOKEN");
    }
}
