package io.intercomsync.imports;

import io.intercomsync.mapping.MappingException;
import io.intercomsync.mapping.MappingLoader;
import io.intercomsync.mapping.RowMapper;
import io.intercomsync.sync.KeySequencer;
import io.intercomsync.sync.RowTask;
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
        return read(bytes, charset, delimiter, 1 << 20);
    }

    private static List<RowTask> read(byte[] bytes, Charset charset, char delimiter, int maxRowChars) {
        InputStream in = new ByteArrayInputStream(bytes);
        List<RowTask> rows = new ArrayList<>();
        try (CsvRowSource source = new CsvRowSource(in, () -> new ByteArrayInputStream(bytes), charset, delimiter, maxRowChars,
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
    void anUnclosedQuoteFailsItsRowWithItsLineAndTheRowsAfterItAreReadAgain() {
        List<RowTask> rows = read("email,name\na@example.com,\"Two\nlines\"\nb@example.com,\"never closed\nc@example.com,C\nd@example.com,D\n");
        assertThat(rows).extracting(RowTask::rowNumber).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows.get(0).mapped().contact()).containsEntry("name", "Two\nlines");
        assertThat(rows.get(1).mappingError()).isEqualTo("line 4: the quote that opens column 'name' is not closed on its row"
                + " (a missing \"?); the lines after it were read as rows of their own");
        assertThat(rows.get(1).values()).containsExactly("b@example.com", "never closed");
        assertThat(rows.get(2).mapped().contact()).containsEntry("email", "c@example.com").containsEntry("name", "C");
        assertThat(rows.get(3).mapped().contact()).containsEntry("email", "d@example.com");
    }

    @Test
    void aQuoteThatClosesLinesLaterInFrontOfTextFailsOnlyTheRowWhereItOpened() {
        // The quote of row 1 is closed by the first quote of row 3: commons-csv would read rows 1-3 as one.
        List<RowTask> rows = read("email,name\na@example.com,\"broken\nb@example.com,B\nc@example.com,\"Doe, C\"\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).mappingError()).startsWith("line 2: the quote that opens column 'name'");
        assertThat(rows.get(1).mapped().contact()).containsEntry("email", "b@example.com");
        assertThat(rows.get(2).mapped().contact()).containsEntry("name", "Doe, C");
    }

    @Test
    void textAfterAClosingQuoteFailsItsRowAlone() {
        List<RowTask> rows = read("email,name\na@example.com,\"A\"x\nb@example.com,\"B\"  \n");
        assertThat(rows.get(0).mappingError()).isEqualTo("line 2: column 'name' has text after its closing quote"
                + " (a stray \"? inside a quoted value write \"\" for a quote)");
        assertThat(rows.get(0).values()).containsExactly("a@example.com", "A\"x");
        assertThat(rows.get(1).mapped().contact()).containsEntry("name", "B"); // blanks after a closing quote are fine
    }

    @Test
    void aRowLongerThanTheLimitFailsAloneWithoutBeingHeld() {
        String big = "x".repeat(5_000);
        List<RowTask> rows = read(("email,name\na@example.com," + big + "\nb@example.com,\"" + big + "\nstill quoted\"\nc@example.com,C\n")
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',', 1_000);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).mappingError()).isEqualTo("line 2: the row is longer than csv.max-row-chars (1000 characters); it was not read");
        assertThat(rows.get(0).values()).isEmpty();
        assertThat(rows.get(1).mappingError()).startsWith("line 3: the row is longer than csv.max-row-chars");
        assertThat(rows.get(2).mapped().contact()).containsEntry("email", "c@example.com");
    }

    @Test
    void aRowOfExactlyTheLimitIsReadAndOneCharacterMoreIsNot() {
        // 1,000 characters of fields: "a@example.com" (13) and the name (987); delimiters do not count
        String name = "n".repeat(987);
        List<RowTask> rows = read(("email,name\na@example.com," + name + "\nb@example.com," + name + "n\n"
                + "c@example.com," + "y".repeat(200_000) + "\nd@example.com,D\n").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, ',', 1_000);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).values()).containsExactly("a@example.com", name); // read (too long a name for Intercom, but read)
        assertThat(rows.get(1).mappingError()).isEqualTo("line 3: the row is longer than csv.max-row-chars (1000 characters); it was not read");
        assertThat(rows.get(2).mappingError()).startsWith("line 4: the row is longer than csv.max-row-chars");
        assertThat(rows.get(3).mapped().contact()).containsEntry("email", "d@example.com");
    }

    @Test
    void anUnclosedQuoteWhoseRestOutgrewTheLimitIsReadAgainFromTheFile() {
        StringBuilder csv = new StringBuilder("email,name\na@example.com,\"never closed\n");
        for (int i = 0; i < 200; i++) {
            csv.append("u").append(i).append("@example.com,User ").append(i).append("\r\n");
        }
        List<RowTask> rows = read(csv.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',', 100);
        assertThat(rows).hasSize(201);
        assertThat(rows.get(0).mappingError()).startsWith("line 2: the quote that opens column 'name' is not closed on its row");
        assertThat(rows.subList(1, 201)).allSatisfy(r -> assertThat(r.mappingError()).isNull());
        assertThat(rows.get(200).mapped().contact()).containsEntry("email", "u199@example.com").containsEntry("name", "User 199");
        assertThat(rows.get(200).rowNumber()).isEqualTo(201);
    }

    @Test
    void readsWhatCommonsCsvWritesWhateverTheValues() throws Exception {
        java.util.Random random = new java.util.Random(15);
        String alphabet = "ab ,\"\r\n\t'=;é";
        List<List<String>> written = new ArrayList<>();
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.DEFAULT)) {
            printer.printRecord("email", "name", "notes");
            for (int r = 0; r < 500; r++) {
                List<String> row = new ArrayList<>(List.of("u" + r + "@example.com"));
                for (int f = 0; f < 2; f++) {
                    StringBuilder v = new StringBuilder("v");
                    for (int n = random.nextInt(12); n > 0; n--) {
                        v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    row.add(v.toString());
                }
                written.add(row);
                printer.printRecord(row);
            }
        }
        List<RowTask> rows = read(out.toString());
        assertThat(rows).extracting(RowTask::values).containsExactlyElementsOf(written);
    }

    @Test
    void crOnlyLineEndsTrailingDelimitersAndEmptyLines() {
        List<RowTask> rows = read("email,name,notes\ra@example.com,A,\r\r\nb@example.com,,x\r");
        assertThat(rows).extracting(RowTask::values).containsExactly(List.of("a@example.com", "A", ""), List.of("b@example.com", "", "x"));
    }

    @Test
    void anErrorsCsvReadsAsTheOriginalRowsWithoutItsOwnColumnsOrFormulaGuards() {
        List<RowTask> rows = read("row_number,error,failed_at,email,name,'=odd header\n"
                + "4,\"column 'email': bad\",2026-11-25T10:00:00Z,a@example.com,'=1+2 Corp,'+353871234567\n"
                + "9,x,2026-11-25T10:00:00Z,b@example.com,''t Hooft,O'Brien\n");
        assertThat(rows).extracting(RowTask::values).containsExactly(
                List.of("a@example.com", "=1+2 Corp", "+353871234567"), List.of("b@example.com", "'t Hooft", "O'Brien"));
        assertThat(rows.get(0).mapped().contact()).containsEntry("email", "a@example.com").containsEntry("name", "=1+2 Corp");
        assertThat(rows).extracting(RowTask::rowNumber).containsExactly(1L, 2L);
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
    void aTenMegabyteFieldIsReadWholeWhenTheRowLimitAllowsItAndItsRowRefusedForIntercomsLimit() {
        String huge = "x".repeat(10 * 1024 * 1024);
        List<RowTask> rows = read(("email,name\na@example.com," + huge + "\nb@example.com,Bea\n").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, ',', 11 * 1024 * 1024);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values().get(1)).hasSize(huge.length());
        assertThat(rows.get(0).mappingError()).endsWith("is 10485760 characters long; Intercom takes at most 255");
        assertThat(rows.get(1).mappingError()).isNull();
    }
}
