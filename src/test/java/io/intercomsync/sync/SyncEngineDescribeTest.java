package io.intercomsync.sync;

import io.intercomsync.intercom.IntercomSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Out of memory, a run says what to lower as its own user sets it: the target has no csv.* keys to lower. */
class SyncEngineDescribeTest {
    @Test
    void runningOutOfMemoryNamesTheSettingsOfTheCommandThatRan() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThat(SyncEngine.describe(oom)).isEqualTo("Java ran out of memory (Java heap space); lower csv.max-row-chars"
                + " (a few hundred rows are read ahead of the writers) or intercom.max-in-flight, or give Java more memory"
                + " (JAVA_OPTS=-Xmx...)");
        assertThat(SyncEngine.describe(oom, IntercomSettings.Keys.TARGET_CONFIG)).isEqualTo("Java ran out of memory"
                + " (Java heap space); lower max_in_flight in the target config, or give Java more memory (JAVA_OPTS=-Xmx...)");
        assertThat(SyncEngine.describe(new StackOverflowError(), IntercomSettings.Keys.TARGET_CONFIG)).isEqualTo("StackOverflowError");
    }
}
