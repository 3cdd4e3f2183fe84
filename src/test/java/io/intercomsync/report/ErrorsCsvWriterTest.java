package io.intercomsync.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsCsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesRowNumberErrorTimeThenTheOriginalColumns() throws Exception {
        Path file = dir.resolve("out/user_errors.csv");
        try (ErrorsCsvWriter w = new ErrorsCsvWriter(file, List.of("email", "Seats"))) {
            w.write(7, "column 'Seats': 'twelve' is not an integer", Instant.parse("2026-11-25T10:00:00Z"),
                    List.of("a@example.com", "twelve"));
        }
        List<CSVRecord> records = read(file);
        assertThat(records.get(0).toList()).containsExactly("row_number", "error", "failed_at", "email", "Seats");
        assertThat(records.get(1).toList()).containsExactly("7", "column 'Seats': 'twelve' is not an integer",
                "2026-11-25T10:00:00Z", "a@example.com", "twelve");
    }

    @Test
    void makesCellsThatASpreadsheetWouldRunAsFormulasInert() throws Exception {
        Path file = dir.resolve("e.csv");
        try (ErrorsCsvWriter w = new ErrorsCsvWriter(file, List.of("=cmd|' /C calc'!A0"))) {
            w.write(1, "@SUM(1)", Instant.EPOCH, List.of("=HYPERLINK(\"http://x\")", "+1", "-2", "\t=1", "plain, with comma"));
        }
        List<CSVRecord> records = read(file);
        assertThat(records.get(0).get(3)).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(records.get(1).toList()).containsExactly("1", "'@SUM(1)", "1970-01-01T00:00:00Z",
                "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'\t=1", "plain, with comma");
    }

    @Test
    void originalUndoesInertExactlyForEveryValueAnApostropheFirstIncluded() {
        for (String value : List.of("=1+2 Corp", "+353871234567", "-5", "@home", "\t=1", "\r+1", "'quoted", "''twice",
                "'=1+2", "plain", "", "O'Brien", "it's")) {
            assertThat(ErrorsCsvWriter.original(ErrorsCsvWriter.inert(value))).as(value).isEqualTo(value);
        }
        assertThat(ErrorsCsvWriter.inert("'quoted")).isEqualTo("''quoted");
        assertThat(ErrorsCsvWriter.inert("O'Brien")).isEqualTo("O'Brien");
    }

    @Test
    void anErrorsFileIsKnownByItsFirstColumns() {
        assertThat(ErrorsCsvWriter.isErrorsFile(List.of("row_number", "error", "failed_at", "email"))).isTrue();
        assertThat(ErrorsCsvWriter.isErrorsFile(List.of("row_number", "error", "email"))).isFalse();
        assertThat(ErrorsCsvWriter.isErrorsFile(List.of("email", "row_number", "error", "failed_at"))).isFalse();
    }

    @Test
    void closingTwiceKeepsTheFileAndRaisesNothing() throws Exception {
        Path file = dir.resolve("twice.csv");
        ErrorsCsvWriter w = new ErrorsCsvWriter(file, List.of("email"));
        w.write(1, "bad", Instant.EPOCH, List.of("x"));
        w.close();
        w.close();
        assertThat(read(file)).hasSize(2);
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.parse(r).getRecords();
        }
    }
}
