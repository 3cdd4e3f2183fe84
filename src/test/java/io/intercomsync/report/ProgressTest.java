package io.intercomsync.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void saysRowsRateShareAndTimeLeftWhenTheSizeIsKnown() {
        assertThat(Progress.line(12_345, 250.4, Progress.pace(151.6, 1666), 25, 100, 60))
                .isEqualTo("Progress: 12,345 rows done, 250 rows/s, 152 calls/s of 167 allowed, 25% of the file read, about 3m00s left");
    }

    @Test
    void saysRowsAndRateWhenTheSizeIsNot() {
        assertThat(Progress.line(10, 2, Progress.pace(3, -1), 500, -1, 5)).isEqualTo("Progress: 10 rows done, 2 rows/s, 3 calls/s");
    }
}
