package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values Intercom would refuse (or, for a fraction of monthly_spend, truncate) fail their own row in the
 * mapping, with the column and the reason, before any call: the sandbox refuses them as strictly, so a
 * value that slipped past the mapping would show here as a 400 answer.
 */
class ImportIntercomLimitsTest {
    private static final String TOKEN = "tok-limits-51c2";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void valuesIntercomWouldRefuseFailTheirRowBeforeAnyCallAndTheRestImport() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping("""
                contact:
                  standard:
                    external_id: id
                    email: email
                    name: name
                  custom:
                    plan: { column: plan, type: string }
                company:
                  standard:
                    company_id: org
                    monthly_spend: spend
                    size: size
                """);
        f.attribute("plan", "contact", "string");
        String longName = "N".repeat(256);
        f.inboxFile("users_20260101T000000.csv", "id,email,name,plan,org,spend,size\n"
                + "ok-1,ok1@example.com,Fine,pro,org-1,100,12\n"
                + "bad-2,bad2@example.com," + longName + ",pro,,,\n"
                + "bad-3,ada@localhost,Dotless,pro,,,\n"
                + "bad-4,bad4@example.com,Plan," + "p".repeat(300) + ",,,\n"
                + "bad-5,bad5@example.com,Spend,pro,org-5,155.98,\n"
                + "bad-6,bad6@example.com,Size,pro,org-6,1,3000000000\n"
                + "ok-7,ok7@example.com,Also fine,,,,\n");
        sandbox.resetStats();

        ImportFixture.Result r = f.run();

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(5);
        Map<String, String> reasons = f.errorRows().stream().collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
        assertThat(reasons).containsOnlyKeys("2", "3", "4", "5", "6");
        assertThat(reasons.get("2")).isEqualTo("column 'name': '" + "N".repeat(60) + "...' is 256 characters long; Intercom takes at most 255");
        assertThat(reasons.get("3")).isEqualTo("column 'email': 'ada@localhost' is not an email address (the domain has no dot)");
        assertThat(reasons.get("4")).isEqualTo("column 'plan': '" + "p".repeat(60) + "...' is 300 characters long; Intercom takes at most 255");
        assertThat(reasons.get("5")).isEqualTo("column 'spend': '155.98' is not an integer (it has a decimal point)");
        assertThat(reasons.get("6")).isEqualTo("column 'size': '3000000000' is out of range (at most 2147483647)");
        CSVRecord row2 = f.errorRows().stream().filter(row -> row.get(0).equals("2")).findFirst().orElseThrow();
        assertThat(row2.get(5)).isEqualTo(longName);
        assertThat(sandbox.contacts()).extracting(c -> c.path("external_id").asText()).containsExactlyInAnyOrder("ok-1", "ok-7");
        assertThat(sandbox.companies()).extracting(c -> c.path("company_id").asText()).containsExactly("org-1");
        assertThat(sandbox.companies().get(0).path("size").asLong()).isEqualTo(12);
        // nothing reached the sandbox to be refused there
        assertThat(sandbox.stats().byStatus()).doesNotContainKey(400);
    }
}
