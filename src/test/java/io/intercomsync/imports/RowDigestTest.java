package io.intercomsync.imports;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowDigestTest {
    private final RowDigest digests = new RowDigest("mapping A\n[id, name]");

    @Test
    void theSameValuesUnderTheSameMapperGiveTheSameDigestAndAnyOtherValueAnother() {
        String one = digests.of(List.of("u-1", "Ada"));
        assertThat(new RowDigest("mapping A\n[id, name]").of(List.of("u-1", "Ada"))).isEqualTo(one);
        assertThat(digests.of(List.of("u-1", "Ada "))).isNotEqualTo(one);
        assertThat(digests.of(List.of("u-1", "Adá"))).isNotEqualTo(one);
        assertThat(one).hasSize(22); // 128 bits in base64
    }

    @Test
    void whereOneValueEndsAndTheNextBeginsIsPartOfTheDigest() {
        assertThat(digests.of(List.of("ab", ""))).isNotEqualTo(digests.of(List.of("a", "b")));
        assertThat(digests.of(List.of("a", "b", ""))).isNotEqualTo(digests.of(List.of("a", "b")));
        assertThat(digests.of(Arrays.asList("a", null))).isNotEqualTo(digests.of(List.of("a", "")));
    }

    @Test
    void anotherMapperGivesTheSameValuesAnotherDigest() {
        assertThat(new RowDigest("mapping B\n[id, name]").of(List.of("u-1", "Ada"))).isNotEqualTo(digests.of(List.of("u-1", "Ada")));
    }

    @Test
    void aRowLongerThanTheBufferIsDigestedWhole() {
        String long1 = "x".repeat(5000) + "1";
        String long2 = "x".repeat(5000) + "2";
        assertThat(digests.of(List.of(long1))).isNotEqualTo(digests.of(List.of(long2)));
        assertThat(digests.of(List.of(long1))).isEqualTo(digests.of(List.of(long1)));
    }
}
