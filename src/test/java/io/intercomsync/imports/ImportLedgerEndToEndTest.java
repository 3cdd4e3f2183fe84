package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntFunction;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/** The sync ledger end to end: the command run twice (or more) against one sandbox and one state file. */
class ImportLedgerEndToEndTest {
    private static final String TOKEN = "tok-ledger-51c0";
    private static final String MAPPING = """
            contact:
              standard:
                external_id: Customer ID
                email: E-mail
                name: Full name
              custom:
                seats: { column: Seats, type: integer }
            company:
              standard:
                company_id: Org ID
                name: Org name
                monthly_spend: Spend
              custom:
                tier:   { column: Tier,   type: string }
                people: { column: People, type: integer }
            """;
    private static final String HEADER = "Customer ID,E-mail,Full name,Seats,Org ID,Org name,Spend,Tier,People\n";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ImportFixture fixture() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("seats", "contact", "integer");
        f.attribute("tier", "company", "string");
        f.attribute("people", "company", "integer");
        return f;
    }

    /** Row i: contact u-i in company org-(i % 5). */
    private static String csv(int rows, IntFunction<String> nameOf) {
        StringBuilder b = new StringBuilder(HEADER);
        for (int i = 0; i < rows; i++) {
            int org = i % 5;
            b.append("u-").append(i).append(",u").append(i).append("@example.com,").append(nameOf.apply(i)).append(',')
                    .append(i).append(",org-").append(org).append(",Org ").append(org).append(',').append(100 * org)
                    .append(",gold,").append(10 + org).append('\n');
        }
        return b.toString();
    }

    private long calls(String endpoint) {
        return sandbox.stats().byEndpoint().getOrDefault(endpoint, 0L);
    }

    private long writeCalls() {
        return sandbox.stats().byEndpoint().entrySet().stream()
                .filter(e -> e.getKey().startsWith("POST") || e.getKey().startsWith("PUT") || e.getKey().startsWith("DELETE"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aSecondRunOfTheSameFileMakesNoWriteCallsAndReportsEveryRowUnchanged() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(200, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        assertThat(f.report().get("created").asLong()).isEqualTo(200);
        sandbox.resetStats();

        ImportFixture.Result second = f.run();

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(writeCalls()).isZero();
        assertThat(sandbox.stats().writes()).isZero();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(200);
        assertThat(report.get("unchanged").asLong()).isEqualTo(200);
        assertThat(report.get("companies").asLong()).isZero();
        assertThat(report.get("write_calls").asLong()).isZero();
        assertThat(sandbox.contacts()).hasSize(200);
    }

    @Test
    void aOnePercentChangeSendsOnlyTheChangedRowsEachInOneUpdateById() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(200, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        sandbox.resetStats();
        f.inboxFile("users_20260102T000000.csv", csv(200, i -> i == 17 || i == 123 ? "Renamed " + i : "Name " + i));

        assertThat(f.run().exitCode()).isZero();

        assertThat(calls("PUT /contacts/{id}")).isEqualTo(2);
        assertThat(writeCalls()).isEqualTo(2);
        JsonNode report = f.report();
        assertThat(report.get("updated").asLong()).isEqualTo(2);
        assertThat(report.get("unchanged").asLong()).isEqualTo(198);
        assertThat(sandbox.contactByExternalId("u-17").orElseThrow().path("name").asText()).isEqualTo("Renamed 17");
    }

    @Test
    void fullSendsEveryRowAgainByIdWithoutCreatingAnything() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(50, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        sandbox.resetStats();

        assertThat(f.run("--full").exitCode()).isZero();

        assertThat(calls("PUT /contacts/{id}")).isEqualTo(50);
        assertThat(calls("POST /contacts")).isZero();
        assertThat(calls("POST /companies")).isEqualTo(5);
        JsonNode report = f.report();
        assertThat(report.get("updated").asLong()).isEqualTo(50);
        assertThat(report.get("companies").asLong()).isEqualTo(5);
        assertThat(sandbox.contacts()).hasSize(50);
    }

    @Test
    void aContactDeletedInIntercomSinceTheLastRunIsCreatedAgainAndTheLedgerLearnsItsNewId() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        String oldId = sandbox.contactByExternalId("u-3").orElseThrow().path("id").asText();
        sandbox.deleteContact(oldId);
        f.inboxFile("users_20260102T000000.csv", csv(10, i -> i == 3 ? "Back " + i : "Name " + i));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        ObjectNode back = sandbox.contactByExternalId("u-3").orElseThrow();
        assertThat(back.path("id").asText()).isNotEqualTo(oldId);
        assertThat(back.path("name").asText()).isEqualTo("Back 3");
        assertThat(sandbox.companyIdsOfContact(back.path("id").asText())).hasSize(1);
        assertThat(f.report().get("created").asLong()).isEqualTo(1);
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(9);
        sandbox.resetStats();

        assertThat(f.run().exitCode()).isZero();
        assertThat(writeCalls()).isZero(); // the ledger has the new id
    }

    @Test
    void eachCompanyIsWrittenOnceWithTypedAttributesAndEveryContactAttachedToIt() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(60, i -> "Name " + i));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(calls("POST /companies")).isEqualTo(5);
        assertThat(calls("POST /contacts/{id}/companies")).isEqualTo(60);
        assertThat(f.report().get("companies").asLong()).isEqualTo(5);
        assertThat(sandbox.companies()).hasSize(5);
        ObjectNode org3 = sandbox.companies().stream()
                .filter(c -> c.path("company_id").asText().equals("org-3")).findFirst().orElseThrow();
        assertThat(org3.path("name").asText()).isEqualTo("Org 3");
        assertThat(org3.path("monthly_spend").isIntegralNumber()).isTrue();
        assertThat(org3.path("monthly_spend").asLong()).isEqualTo(300);
        assertThat(org3.path("custom_attributes").path("people").isIntegralNumber()).isTrue();
        assertThat(org3.path("custom_attributes").path("people").asInt()).isEqualTo(13);
        assertThat(org3.path("custom_attributes").path("tier").asText()).isEqualTo("gold");
        for (int i = 0; i < 60; i++) {
            String contactId = sandbox.contactByExternalId("u-" + i).orElseThrow().path("id").asText();
            assertThat(sandbox.companyIdsOfContact(contactId)).containsExactly(
                    sandbox.companies().stream().filter(c -> c.path("company_id").asText().equals("org-" + (contactIndexOrg(contactId))))
                            .findFirst().orElseThrow().path("id").asText());
        }
    }

    private int contactIndexOrg(String contactId) {
        String externalId = sandbox.contacts().stream().filter(c -> c.path("id").asText().equals(contactId))
                .findFirst().orElseThrow().path("external_id").asText();
        return Integer.parseInt(externalId.substring(2)) % 5;
    }

    @Test
    void aChangedCompanyIsWrittenAgainOnceWithoutSendingOrReattachingItsUnchangedContacts() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(20, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        sandbox.resetStats();
        f.inboxFile("users_20260102T000000.csv", csv(20, i -> "Name " + i).replace(",gold,12\n", ",platinum,12\n"));

        assertThat(f.run().exitCode()).isZero();

        assertThat(calls("POST /companies")).isEqualTo(1);
        assertThat(writeCalls()).isEqualTo(1);
        assertThat(f.report().get("companies").asLong()).isEqualTo(1);
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(20);
        assertThat(sandbox.companies().stream().filter(c -> c.path("company_id").asText().equals("org-2"))
                .findFirst().orElseThrow().path("custom_attributes").path("tier").asText()).isEqualTo("platinum");
    }

    @Test
    void aContactMovedToAnotherCompanyIsOnlyAttachedToIt() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        sandbox.resetStats();
        // u-0 moves from org-0 to org-1 (same contact body)
        f.inboxFile("users_20260102T000000.csv", csv(10, i -> "Name " + i)
                .replace("u-0,u0@example.com,Name 0,0,org-0,Org 0,0,gold,10", "u-0,u0@example.com,Name 0,0,org-1,Org 1,100,gold,11"));

        assertThat(f.run().exitCode()).isZero();

        String contact = sandbox.contactByExternalId("u-0").orElseThrow().path("id").asText();
        assertThat(sandbox.companyIdsOfContact(contact)).as("one company per row: the old one detached")
                .containsExactly(companyIdOf("org-1"));
        assertThat(sandbox.companies().stream().filter(c -> c.path("company_id").asText().equals("org-0")).findFirst()
                .orElseThrow().path("user_count").asInt()).as("org-0 keeps its other contact").isEqualTo(1);
        assertThat(calls("POST /contacts/{id}/companies")).isEqualTo(1);
        assertThat(calls("DELETE /contacts/{id}/companies/{company_id}")).isEqualTo(1);
        assertThat(writeCalls()).isEqualTo(2);
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        sandbox.resetStats();

        assertThat(f.run().exitCode()).isZero(); // the ledger knows the move: nothing to do again
        assertThat(writeCalls()).isZero();
        assertThat(sandbox.companyIdsOfContact(contact)).containsExactly(companyIdOf("org-1"));
    }

    @Test
    void aContactMovedWithOtherChangesIsWrittenOnceAttachedToItsNewCompanyAndDetachedFromTheOld() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        // u-2 moves from org-2 to org-4 and is renamed; someone in Intercom already took it off org-2 by hand
        String contact = sandbox.contactByExternalId("u-2").orElseThrow().path("id").asText();
        f.api("DELETE", "/contacts/" + contact + "/companies/" + companyIdOf("org-2"), null);
        sandbox.resetStats();
        f.inboxFile("users_20260102T000000.csv", csv(10, i -> "Name " + i)
                .replace("u-2,u2@example.com,Name 2,2,org-2,Org 2,200,gold,12", "u-2,u2@example.com,Moved 2,2,org-4,Org 4,400,gold,14"));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(sandbox.contactByExternalId("u-2").orElseThrow().path("name").asText()).isEqualTo("Moved 2");
        assertThat(sandbox.companyIdsOfContact(contact)).containsExactly(companyIdOf("org-4"));
        assertThat(calls("DELETE /contacts/{id}/companies/{company_id}")).as("tried; already detached is fine").isEqualTo(1);
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        assertThat(f.report().get("failed").asLong()).isZero();
    }

    private String companyIdOf(String companyId) {
        return sandbox.companies().stream().filter(c -> c.path("company_id").asText().equals(companyId))
                .findFirst().orElseThrow().path("id").asText();
    }

    @Test
    void aDryRunClassifiesRowsFromTheLedgerAndWritesNothingNotEvenToTheLedger() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(10, i -> "Name " + i));
        assertThat(f.run().exitCode()).isZero();
        Path state = dir.resolve("state/intercom-sync.db");
        byte[] before = Files.readAllBytes(state);
        sandbox.resetStats();
        // 8 unchanged, u-1 renamed, u-10 and u-11 new
        f.inboxFile("users_20260102T000000.csv", csv(12, i -> i == 1 ? "Renamed" : "Name " + i));

        ImportFixture.Result dry = f.run("--dry-run");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        JsonNode report = f.report();
        assertThat(report.get("dry_run").asBoolean()).isTrue();
        assertThat(report.get("unchanged").asLong()).isEqualTo(9);
        assertThat(report.get("updated").asLong()).isEqualTo(1);
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(sandbox.stats().writes()).isZero();
        assertThat(writeCalls()).isZero();
        assertThat(Files.readAllBytes(state)).isEqualTo(before);

        assertThat(f.run().exitCode()).isZero(); // the real run agrees with the dry one
        assertThat(f.report().get("unchanged").asLong()).isEqualTo(9);
        assertThat(f.report().get("updated").asLong()).isEqualTo(1);
        assertThat(f.report().get("created").asLong()).isEqualTo(2);
    }

    @Test
    void aCompanyIntercomRefusesFailsOnlyItsOwnRowsWithAReasonNamingIt() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).rateLimit(0).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("seats", "contact", "integer");
        f.attribute("people", "company", "integer");
        // a list attribute: Intercom refuses any other value
        f.api("POST", "/data_attributes", "{\"name\":\"tier\",\"model\":\"company\",\"data_type\":\"options\","
                + "\"options\":[{\"value\":\"gold\"},{\"value\":\"silver\"}]}");
        f.inboxFile("users_20260101T000000.csv", csv(20, i -> "Name " + i).replace(",Org 4,400,gold,", ",Org 4,400,bronze,"));

        ImportFixture.Result result = f.run();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("failed").asLong()).isEqualTo(4); // u-4, u-9, u-14, u-19
        assertThat(report.get("created").asLong()).isEqualTo(16);
        assertThat(report.get("companies").asLong()).isEqualTo(4);
        assertThat(calls("POST /companies")).isEqualTo(1 + 4); // org-4 once, refused; the others once each
        assertThat(f.errorRows()).hasSize(4).allSatisfy(r -> assertThat(r.get(1))
                .contains("company 'org-4' could not be written").contains("tier"));
        assertThat(sandbox.contactByExternalId("u-4")).isEmpty();
    }

    @Test
    void aDryRunWithoutAnyLedgerYetCreatesNoStateFile() throws Exception {
        ImportFixture f = fixture();
        f.inboxFile("users_20260101T000000.csv", csv(5, i -> "Name " + i));

        ImportFixture.Result dry = f.run("--dry-run");

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(f.report().get("created").asLong()).isEqualTo(5);
        assertThat(f.report().get("companies").asLong()).isEqualTo(5);
        assertThat(dir.resolve("state")).doesNotExist();
    }
}
