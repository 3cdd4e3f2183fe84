package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** The import run as a user runs it (the command, its routes, the real HTTP client) against the sandbox. */
class ImportEndToEndTest {
    private static final String TOKEN = "tok-e2e-7f3a9c";
    private static final String MAPPING = """
            contact:
              standard:
                external_id: Customer ID
                email: E-mail
                name: Full name
                signed_up_at: Signed up
              custom:
                plan:  { column: Plan,  type: string }
                seats: { column: Seats, type: integer }
                mrr:   { column: MRR,   type: float }
                beta:  { column: Beta,  type: boolean }
                renews_on: { column: Renews, type: date }
            """;
    private static final String HEADER = "Customer ID,E-mail,Full name,Signed up,Plan,Seats,MRR,Beta,Renews\n";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    private ImportFixture fixture(Sandbox.Builder builder) throws Exception {
        sandbox = builder.token(TOKEN).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("plan", "contact", "string");
        f.attribute("seats", "contact", "integer");
        f.attribute("mrr", "contact", "float");
        f.attribute("beta", "contact", "boolean");
        f.attribute("renews_on", "contact", "date");
        return f;
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Map<String, ObjectNode> contactsByExternalId() {
        return sandbox.contacts().stream()
                .collect(Collectors.toMap(c -> c.path("external_id").asText(""), Function.identity()));
    }

    @Test
    void createsNewContactsUpdatesExistingOnesAndFailsOnlyTheBadRows() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        f.api("POST", "/contacts", "{\"external_id\":\"u-2\",\"email\":\"old2@example.com\",\"name\":\"Old Two\"}");
        f.api("POST", "/contacts", "{\"email\":\"three@example.com\",\"name\":\"Email Only\"}");
        f.inboxFile("users_20260101T000000.csv", HEADER
                + "u-1,one@example.com,One,2024-01-01,starter,1,9.5,yes,2027-01-01\n"
                + "u-2,two@example.com,Two,1704067200,growth,2,10,no,\n"            // existing by external_id
                + ",three@example.com,Three,,pro,3,,,\n"                             // existing by email only
                + "u-4,four@example.com,Four,,starter,four,,,\n"                    // bad integer
                + "u-5,five@example.com,Five,,starter,5,1e400,,\n"                  // float overflow
                + "u-6,six@example.com,Six,,starter,6,,perhaps,\n"                  // bad boolean
                + "u-7,seven@example.com,Seven,,starter,7,,,31/12/2027\n"           // bad date
                + "u-8,eight@example.com,\"Eight, the \"\"Great\"\"\",,starter,8,,,\n"  // quoted, valid
                + "u-1,one.again@example.com,One Again,,enterprise,11,,,\n"         // same key: last row wins
                + "u-9,nine@example.com,Nine\n");                                   // ragged row

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        Map<String, ObjectNode> byId = contactsByExternalId();
        assertThat(sandbox.contacts()).hasSize(4);
        assertThat(byId.keySet()).containsExactlyInAnyOrder("u-1", "u-2", "u-8", "");
        assertThat(byId.get("u-1").path("email").asText()).isEqualTo("one.again@example.com");
        assertThat(byId.get("u-1").path("custom_attributes").path("seats").asLong()).isEqualTo(11);
        assertThat(byId.get("u-1").path("custom_attributes").path("mrr").asDouble()).isEqualTo(9.5);
        assertThat(byId.get("u-2").path("email").asText()).isEqualTo("two@example.com");
        assertThat(byId.get("u-2").path("signed_up_at").asLong()).isEqualTo(1704067200L);
        assertThat(byId.get("u-2").path("custom_attributes").path("beta").asBoolean(true)).isFalse();
        assertThat(byId.get("u-8").path("name").asText()).isEqualTo("Eight, the \"Great\"");
        assertThat(byId.get("").path("name").asText()).isEqualTo("Three");

        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(10);
        assertThat(report.get("created").asLong()).isEqualTo(2);   // u-1, u-8
        assertThat(report.get("updated").asLong()).isEqualTo(3);   // u-2, three@, u-1 again
        assertThat(report.get("failed").asLong()).isEqualTo(5);
        List<CSVRecord> errors = f.errorRows();
        assertThat(errors).extracting(r -> r.get(0))
                .containsExactlyInAnyOrder("4", "5", "6", "7", "10");
        Map<String, String> reasons = errors.stream().collect(Collectors.toMap(r -> r.get(0), r -> r.get(1)));
        assertThat(reasons.get("4")).contains("Seats").contains("four");
        assertThat(reasons.get("5")).contains("MRR");
        assertThat(reasons.get("6")).contains("Beta");
        assertThat(reasons.get("7")).contains("Renews");
        assertThat(reasons.get("10")).contains("3 values").contains("9");
        assertThat(errors.get(0).get(2)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(result.out()).contains("10 rows").contains("2 created").contains("5 failed");
    }

    @Test
    void unarchivesAnArchivedContactAndUpdatesIt() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        String id = f.api("POST", "/contacts", "{\"external_id\":\"arch-1\",\"email\":\"arch@example.com\"}").get("id").asText();
        sandbox.archiveContact(id);
        f.inboxFile("users_20260101T000000.csv", HEADER + "arch-1,arch@example.com,Back Again,,pro,1,,,\n");

        assertThat(f.run().exitCode()).isZero();

        assertThat(sandbox.contacts()).hasSize(1);
        ObjectNode contact = sandbox.contacts().get(0);
        assertThat(contact.path("id").asText()).isEqualTo(id);
        assertThat(contact.path("name").asText()).isEqualTo("Back Again");
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
    }

    @Test
    void serverFaultsOfEveryKindLoseNoRowAndDuplicateNoContact() throws Exception {
        ImportFixture f = fixture(Sandbox.builder().faultRate(0.3).randomSeed(7));
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 150; i++) {
            csv.append("f-").append(i).append(",f").append(i).append("@example.com,Fault ").append(i).append(",,plan,").append(i).append(",,,\n");
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());
        f.set("intercom.request-timeout-ms", "2000");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(150);
        assertThat(report.get("created").asLong() + report.get("updated").asLong()).isEqualTo(150);
        assertThat(report.get("retries").asLong()).isPositive();
        Map<String, ObjectNode> byId = contactsByExternalId();
        assertThat(sandbox.contacts()).hasSize(150);
        for (int i = 0; i < 150; i++) {
            assertThat(byId.get("f-" + i).path("custom_attributes").path("seats").asLong()).isEqualTo(i);
        }
        assertThat(sandbox.stats().faults().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    void aRateLimitStormInTheMiddleOfARunLosesNothing() throws Exception {
        ImportFixture f = fixture(Sandbox.builder().rateLimit(1000).latencyMs(20));
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 400; i++) {
            csv.append("r-").append(i).append(",r").append(i).append("@example.com,Rate ").append(i).append(",,plan,1,,,\n");
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());
        Thread storm = new Thread(() -> {
            // As when other apps on the workspace use up the shared allowance: everything in flight gets 429.
            try {
                long giveUp = System.nanoTime() + 60_000_000_000L; // a run that fails early must not hang the build
                while (sandbox.contacts().size() < 50 && System.nanoTime() < giveUp) {
                    Thread.sleep(2);
                }
                sandbox.setRateLimit(5);
                Thread.sleep(1500);
                sandbox.setRateLimit(1000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        storm.start();
        ImportFixture.Result result = f.run();
        storm.join();

        assertThat(result.exitCode()).as(result.all()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rate_limited").asLong()).isPositive();
        assertThat(report.get("retries").asLong()).isGreaterThanOrEqualTo(report.get("rate_limited").asLong());
        assertThat(report.get("created").asLong()).isEqualTo(400);
        assertThat(sandbox.contacts()).hasSize(400);
    }

    @Test
    void aBadTokenStopsTheRunBeforeAnyWriteWithOneClearSentence() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        f.inboxFile("users_20260101T000000.csv", HEADER + "u-1,one@example.com,One,,starter,1,,,\n");
        f.set("intercom.access-token", "wrong-token-5521");

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("401").contains("intercom.access-token").doesNotContain("wrong-token-5521")
                .doesNotContain("\tat ");
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(f.report().get("status").asText()).isEqualTo("failed");
    }

    @Test
    void missingCustomAttributesStopTheRunNamingEachOneUnlessAskedToCreateThem() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("plan", "contact", "integer"); // a type clash as well
        f.inboxFile("users_20260101T000000.csv", HEADER + "u-1,one@example.com,One,,starter,1,,,\n");

        ImportFixture.Result refused = f.run();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("'seats' (integer) does not exist").contains("'renews_on' (date)")
                .contains("'plan' is integer in Intercom but the mapping declares string");
        assertThat(sandbox.contacts()).isEmpty();

        f.attribute("plan2", "contact", "string");
        f.mapping(MAPPING.replace("plan:  { column: Plan", "plan2:  { column: Plan"));
        f.set("mapping.create-missing-attributes", "true");
        ImportFixture.Result created = f.run();
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(sandbox.dataAttributes("contact")).extracting(a -> a.path("name").asText())
                .contains("seats", "mrr", "beta", "renews_on");
        assertThat(sandbox.contacts()).hasSize(1);
    }

    @Test
    void aDryRunMapsEverythingAndWritesNothing() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        f.inboxFile("users_20260101T000000.csv", HEADER + "u-1,one@example.com,One,,starter,1,,,\nu-2,two@example.com,Two,,starter,x,,,\n");
        sandbox.resetStats();

        ImportFixture.Result result = f.run("--dry-run");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(sandbox.stats().writes()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("dry_run").asBoolean()).isTrue();
        assertThat(report.get("failed").asLong()).isEqualTo(1);
        assertThat(report.get("write_calls").asLong()).isZero();
        assertThat(f.errorRows()).hasSize(1);
    }

    @Test
    void importsTheNewestTimestampInTheFolderOrTheFileNamed() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        f.inboxFile("users_20260101T000000.csv", HEADER + "old,old@example.com,Old,,a,1,,,\n");
        f.inboxFile("users_20260301T000000.csv", HEADER + "new,new@example.com,New,,a,1,,,\n");
        f.inboxFile("users_20990101T000000.csv.partial", HEADER + "partial,p@example.com,P,,a,1,,,\n");

        assertThat(f.run().exitCode()).isZero();
        assertThat(contactsByExternalId().keySet()).containsExactly("new");

        Path named = f.inboxFile("users_20260101T000000.csv", HEADER + "old,old@example.com,Old,,a,1,,,\n");
        assertThat(f.run("--file", named.toString()).exitCode()).isZero();
        assertThat(contactsByExternalId().keySet()).containsExactlyInAnyOrder("new", "old");
    }

    @Test
    void saysWhatIsWrongWhenThereIsNothingToImport() throws Exception {
        ImportFixture f = fixture(Sandbox.builder());
        Files.createDirectories(dir.resolve("inbox"));
        ImportFixture.Result none = f.run();
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("no file in").contains("users_{timestamp}.csv");

        f.inboxFile("users_20260101T000000.csv", "");
        ImportFixture.Result empty = f.run();
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("empty");

        ImportFixture.Result missing = f.run("--file", dir.resolve("nope.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
    }
}
