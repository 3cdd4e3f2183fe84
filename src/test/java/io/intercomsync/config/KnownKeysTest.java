package io.intercomsync.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KnownKeysTest {
    private final KnownKeys keys = new KnownKeys(List.of("source.local.folder", "source.type", "intercom.access-token",
            "state.url"), List.of("camel."));

    @Test
    void suggestsTheKeyATypoWasMeantFor() {
        assertThat(keys.nearest("source.local.fodler")).contains("source.local.folder");
        assertThat(keys.nearest("intercom.acess-token")).contains("intercom.access-token");
        assertThat(keys.nearest("source.locl.foldr")).contains("source.local.folder");
        assertThat(keys.nearest("SOURCE.TYPE")).contains("source.type");
    }

    @Test
    void guessesNothingForAnUnrelatedKey() {
        assertThat(keys.nearest("notify.hipchat.room")).isEmpty();
    }

    @Test
    void acceptsDeclaredKeysAndThePassThroughNamespaces() {
        assertThat(keys.accepts("state.url")).isTrue();
        assertThat(keys.accepts("camel.main.name")).isTrue();
        assertThat(keys.accepts("state.uri")).isFalse();
    }

    @Test
    void measuresEditDistance() {
        assertThat(KnownKeys.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KnownKeys.distance("", "abc")).isEqualTo(3);
        assertThat(KnownKeys.distance("same", "same")).isZero();
    }
}
