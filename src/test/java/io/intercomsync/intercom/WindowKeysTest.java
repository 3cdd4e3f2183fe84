package io.intercomsync.intercom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WindowKeysTest {
    @Test
    void theWindowsKeyIsTheLowestOfItsRecentAnswersSoOneOvertakenRequestDoesNotHoldItDownAllWindow() {
        WindowKeys keys = new WindowKeys();
        assertThat(keys.note(1_000, false, 16)).isEqualTo(1_000);
        assertThat(keys.note(990, false, 16)).as("an answer overtaken in a burst").isEqualTo(990);
        for (int i = 0; i < 15; i++) {
            assertThat(keys.note(1_000, false, 16)).isEqualTo(990);
        }
        assertThat(keys.note(1_000, false, 16)).as("16 answers later it no longer counts").isEqualTo(1_000);
    }

    @Test
    void aRateLimitedAnswersKeyHoldsUntilTheWindowIsCleared() {
        WindowKeys keys = new WindowKeys();
        keys.note(500, true, 16);
        for (int i = 0; i < 2 * WindowKeys.CAPACITY; i++) {
            assertThat(keys.note(1_000, false, 16)).isEqualTo(500);
        }
        keys.clear();
        assertThat(keys.note(1_000, false, 16)).isEqualTo(1_000);
    }

    @Test
    void askingForMoreRecentAnswersThanItKeepsUsesAllItKeeps() {
        WindowKeys keys = new WindowKeys();
        keys.note(10, false, 10_000);
        for (int i = 1; i < WindowKeys.CAPACITY; i++) {
            assertThat(keys.note(1_000, false, 10_000)).isEqualTo(10);
        }
        assertThat(keys.note(1_000, false, 10_000)).as("the oldest of 512 is overwritten").isEqualTo(1_000);
    }
}
