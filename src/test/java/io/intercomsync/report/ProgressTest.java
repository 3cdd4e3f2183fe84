package io.intercomsync.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void saysRowsRateShareAndTimeLeftWhenTheSizeIsKnown() {
        assertThat(Progress.line(12_345, 250.4, Progress.pace(151.6, 1666), 12_345, 25, 100))
                .isEqualTo("Progress: 12,345 rows done, 250 rows/s, 152 calls/s of 167 allowed, 25% of the file read, about 2m28s left");
    }

    @Test
    void countsTheRowsStillToWriteWhenTheReaderIsAheadOfTheRateLimit() {
        // the whole file read, 1,343 of its 3,000 rows still waiting for the next rate-limit window
        assertThat(Progress.line(1_657, 166, Progress.pace(166, 1666), 3_000, 1_000, 1_000))
                .isEqualTo("Progress: 1,657 rows done, 166 rows/s, 166 calls/s of 167 allowed, 100% of the file read, about 8s left");
    }

    @Test
    void saysRowsAndRateWhenTheSizeIsNot() {
        assertThat(Progress.line(10, 2, Progress.pace(3, -1), 10, 500, -1)).isEqualTo("Progress: 10 rows done, 2 rows/s, 3 calls/s");
    }
}
