package io.intercomsync.imports;

import io.intercomsync.mapping.MappingException;
import io.intercomsync.mapping.MappingLoader;
import io.intercomsync.mapping.RowMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowSourceTest {

    private static List<RowTask> read(byte[] bytes, Charset charset, char delimiter) {
        InputStream in = new ByteArrayInputStream(bytes);
        List<RowTask> rows = new ArrayList<>();
        try (CsvRowSource source = new CsvRowSource(in, charset, delimiter,
                header -> new RowMapper(MappingLoader.defaultFor(header), header), new KeySequencer())) {
            source.forEachRemaining(rows::add);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static List<RowTask> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',');
    }

    @Test
    void readsTheHeaderOnceAndNumbersRowsFromOneAfterIt() {
        List<RowTask> rows = read("email,name\na@example.com,A\nb@example.com,B\n");
        assertThat(rows).extracting(RowTask::rowNumber).containsExactly(1L, 2L);
        assertThat(rows).allMatch(r -> r.mappingError() == null);
        assertThat(rows.get(1).mapped().contact()).containsEntry("email", "b@example.com").containsEntry("name", "B");
    }

    @Test
    void handlesAByteOrderMarkCrlfAndQuotedDelimitersAndNewlines() {
        String text = "\uFEFFemail,name\r\na@example.com,\"Doe, Jane\"\r\nb@example.com,\"two\r\nlines \"\"quoted\"\"\"\r\n";
        List<RowTask> rows = read(text);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).mapped().contact()).containsEntry("email", "a@example.com").containsEntry("name", "Doe, Jane");
        assertThat(rows.get(1).mapped().contact()).containsEntry("name", "two\r\nlines \"quoted\"");
    }

    @Test
    void readsTheConfiguredDelimiterAndEncoding() {
        byte[] latin1 = "email;name\nz@example.com;Zoë\n".getBytes(StandardCharsets.ISO_8859_1);
        List<RowTask> rows = read(latin1, StandardCharsets.ISO_8859_1, ';');
        assertThat(rows.get(0).mapped().contact()).containsEntry("name", "Zoë");
    }

    @Test
    void failsOnlyTheRowWithBytesInvalidForTheEncoding() {
        byte[] bad = "email,name\na@example.com,Ok\nb@example.com,Bad\u00ff\nc@example.com,Ok\n".getBytes(StandardCharsets.ISO_8859_1);
        List<RowTask> rows = read(bad, StandardCharsets.UTF_8, ',');
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).mappingError()).contains("'name'").contains("not valid UTF-8").contains("csv.encoding");
        assertThat(rows.get(0).mappingError()).isNull();
        assertThat(rows.get(2).mappingError()).isNull();
    }

    @Test
    void failsARowWithANulByte() {
        List<RowTask> rows = read("email,name\na@example.com,A\u0000B\n");
        assertThat(rows.get(0).mappingError()).contains("NUL");
    }

    @Test
    void failsRaggedRowsWithoutLosingTheirNeighbours() {
        List<RowTask> rows = read("email,name\na@example.com,A\nb@example.com\nc@example.com,C,extra\nd@example.com,D\n");
        assertThat(rows).extracting(RowTask::mappingError)
                .containsExactly(null, "row has 1 value, header has 2", "row has 3 values, header has 2", null);
    }

    @Test
    void anUnclosedQuoteFailsTheRestOfTheFileAsOneRowWithAReason() {
        List<RowTask> rows = read("email,name\na@example.com,A\nb@example.com,\"never closed\nc@example.com,C\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).mappingError()).isNull();
        assertThat(rows.get(1).rowNumber()).isEqualTo(2);
        assertThat(rows.get(1).mappingError()).startsWith("the file cannot be read from here on");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() {
        assertThat(read("email,name\n")).isEmpty();
    }

    @Test
    void anEmptyFileIsRefusedAsAWhole() {
        assertThatThrownBy(() -> read("")).isInstanceOf(CsvFileException.class).hasMessageContaining("empty");
    }

    @Test
    void aHeaderWithoutAnyKeyColumnIsRefusedBeforeAnyRow() {
        assertThatThrownBy(() -> read("name,phone\nA,1\n")).isInstanceOf(MappingException.class);
    }

    @Test
    void aTenMegabyteFieldIsReadWholeAndItsRowRefusedForIntercomsLimit() {
        String huge = "x".repeat(10 * 1024 * 1024);
        List<RowTask> rows = read("email,name\na@example.com," + huge + "\nb@example.com,Bea\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values().get(1)).hasSize(huge.length());
        assertThat(rows.get(0).mappingError()).endsWith("is 10485760 characters long; Intercom takes at most 255");
        assertThat(rows.get(1).mappingError()).isNull();
    }
}
