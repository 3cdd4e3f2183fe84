package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import io.intercomsync.testing.MeddlingProxy;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.intercomsync.imports.ImportFixture.assertReportAddsUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's fault runs that ImportEndToEndTest does not make: a latency spike in the middle of an
 * import (every call in flight times out after Intercom applied it), and every fault at once (5xx,
 * applied-then-failed, dropped connections, empty 200s, a 429 storm, jittered latency past the
 * timeout) over a file with existing contacts, repeated keys and bad rows. After each: every row is
 * exactly one of created, updated, unchanged, failed; no contact exists twice; the report adds up.
 */
class ImportUnderFaultsTest {
    private static final String TOKEN = "tok-faults-0b7e";
    private static final String MAPPING = """
            contact:
              standard:
                external_id: id
                email: email
                name: name
              custom:
                seats: { column: seats, type: integer }
            """;

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private MeddlingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private ImportFixture fixture(Sandbox.Builder b) throws Exception {
        sandbox = b.token(TOKEN).start();
        ImportFixture f = new ImportFixture(dir, sandbox, TOKEN);
        f.mapping(MAPPING);
        f.attribute("seats", "contact", "integer");
        return f;
    }

    private Map<String, List<ObjectNode>> contactsByExternalId() {
        return sandbox.contacts().stream().collect(Collectors.groupingBy(c -> c.path("external_id").asText("")));
    }

    @Test
    void aLatencySpikeThatTimesOutEveryCallInFlightCreatesNobodyTwice() throws Exception {
        ImportFixture f = fixture(Sandbox.builder().rateLimit(0));
        proxy = new MeddlingProxy(sandbox.baseUrl());
        AtomicLong delayMs = new AtomicLong();
        AtomicLong delayed = new AtomicLong();
        proxy.hook(e -> {
            long d = delayMs.get(); // held back after the sandbox answered: the write was applied
            if (d > 0) {
                delayed.incrementAndGet();
                try {
                    Thread.sleep(d);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return e;
        });
        f.set("intercom.base-url", proxy.baseUrl()).set("intercom.request-timeout-ms", "400");
        int rows = 300;
        StringBuilder csv = new StringBuilder("id,email,name,seats\n");
        for (int i = 0; i < rows; i++) {
            csv.append("s-").append(i).append(",s").append(i).append("@example.com,Spike ").append(i).append(',').append(i).append('\n');
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());
        Thread spike = new Thread(() -> {
            try {
                long giveUp = System.nanoTime() + 60_000_000_000L;
                while (sandbox.contacts().size() < 60 && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                }
                delayMs.set(1000); // answers arrive after the client gave up; the writes were applied
                Thread.sleep(1500);
                delayMs.set(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        spike.start();
        ImportFixture.Result result = f.run();
        spike.join();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(delayed.get()).as("calls answered late").isPositive();
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(rows);
        assertThat(report.get("created").asLong()).isEqualTo(rows);
        assertThat(report.get("retries").asLong()).isPositive();
        Map<String, List<ObjectNode>> byId = contactsByExternalId();
        assertThat(sandbox.contacts()).hasSize(rows);
        assertThat(byId).hasSize(rows).allSatisfy((id, list) -> assertThat(list).hasSize(1));
    }

    @Test
    void everyFaultAtOnceLosesNoRowCountsEachOnceAndDuplicatesNoContact() throws Exception {
        ImportFixture f = fixture(Sandbox.builder().rateLimit(0).latencyMs(2).latencyJitterMs(200)
                .faultRate(0.2).faults(Set.of(Sandbox.Fault.values())).randomSeed(11));
        sandbox.setFaultRate(0); // set-up calls go through
        for (int i = 0; i < 40; i++) { // existing contacts: these rows are updates
            f.api("POST", "/contacts", "{\"external_id\":\"c-" + i + "\",\"email\":\"old" + i + "@example.com\"}");
        }
        sandbox.setFaultRate(0.2);
        f.set("intercom.request-timeout-ms", "150");
        int rows = 200;
        int repeats = 0;
        int rowsOfExisting = 0; // good rows whose contact existed before the run
        Set<Long> badRows = new HashSet<>();
        Map<String, Integer> lastSeats = new HashMap<>();
        StringBuilder csv = new StringBuilder("id,email,name,seats\n");
        for (int i = 0; i < rows; i++) {
            long row = i + 1;
            if (i % 37 == 5) { // a bad value
                csv.append("c-").append(i).append(",c").append(i).append("@example.com,Bad ").append(i).append(",many\n");
                badRows.add(row);
            } else if (i % 50 == 7) { // the same key as an earlier row: the later row wins
                csv.append("c-").append(i - 1).append(",c").append(i - 1).append("@example.com,Again,").append(1000 + i).append('\n');
                lastSeats.put("c-" + (i - 1), 1000 + i);
                repeats++;
                rowsOfExisting += i - 1 < 40 ? 1 : 0;
            } else {
                csv.append("c-").append(i).append(",c").append(i).append("@example.com,Faulty ").append(i).append(',').append(i).append('\n');
                lastSeats.put("c-" + i, i);
                rowsOfExisting += i < 40 ? 1 : 0;
            }
        }
        f.inboxFile("users_20260101T000000.csv", csv.toString());
        Thread storm = new Thread(() -> {
            try {
                long giveUp = System.nanoTime() + 60_000_000_000L;
                while (sandbox.contacts().size() < 100 && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                }
                sandbox.setRateLimit(3); // the shared allowance used up by someone else: 429s for everything
                Thread.sleep(1200);
                sandbox.setRateLimit(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        storm.start();
        ImportFixture.Result result = f.run();
        storm.join();

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        JsonNode report = f.report();
        assertReportAddsUp(report);
        assertThat(report.get("rows").asLong()).isEqualTo(rows);
        assertThat(report.get("failed").asLong()).isEqualTo(badRows.size());
        assertThat(report.get("rate_limited").asLong()).isPositive();
        assertThat(report.get("retries").asLong()).isPositive();
        assertThat(f.errorRows()).extracting(r -> Long.parseLong(r.get(0))).containsExactlyInAnyOrderElementsOf(badRows);
        assertThat(f.errorRows()).extracting(CSVRecord::toList).allSatisfy(r -> assertThat(r.get(1)).contains("seats"));
        Map<String, Long> faults = sandbox.stats().faults();
        assertThat(faults.keySet()).as("every fault kind was injected: " + faults)
                .containsExactlyInAnyOrder("SERVER_ERROR", "APPLIED_THEN_FAILED", "DROPPED_CONNECTION", "EMPTY_BODY");

        Map<String, List<ObjectNode>> byId = contactsByExternalId();
        // The bad rows' contacts: those of them that existed before stay; the others were never created.
        Set<String> expected = new HashSet<>(lastSeats.keySet());
        for (int i = 0; i < 40; i++) {
            expected.add("c-" + i);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(byId).allSatisfy((id, list) -> assertThat(list).as(id).hasSize(1));
        lastSeats.forEach((id, seats) -> assertThat(byId.get(id).get(0).path("custom_attributes").path("seats").asInt())
                .as(id).isEqualTo(seats));
        long goodRows = rows - badRows.size();
        long created = report.get("created").asLong();
        long updated = report.get("updated").asLong();
        assertThat(created + updated).isEqualTo(goodRows);
        long newContacts = lastSeats.keySet().stream().filter(id -> Integer.parseInt(id.substring(2)) >= 40).count();
        // A create answered 5xx, empty or not at all may have landed; when the retry then meets a 409, the
        // client cannot tell its own create from a contact that was there before, and counts it created.
        // So 'created' is exact without faults and an upper bound with them: never more than the rows
        // whose contact existed before the run.
        System.out.println("run 1: " + report.get("duration_ms") + " ms, " + report.get("api_calls") + " calls, " + report.get("retries") + " retries, " + report.get("rate_limited") + " 429s");
        System.out.println("created " + created + ", new contacts " + newContacts + ", rows of existing contacts " + rowsOfExisting);
        assertThat(created).isBetween(newContacts, newContacts + rowsOfExisting);

        // Again, faults still on: the ledger knows every good row; nothing is written, the bad rows fail again.
        sandbox.resetStats();
        ImportFixture.Result again = f.run();
        assertThat(again.exitCode()).as(again.all()).isEqualTo(3);
        JsonNode second = f.report();
        assertReportAddsUp(second);
        // Each repeated key has two different rows: both are sent again (last one wins, as in the first run).
        assertThat(second.get("updated").asLong()).isEqualTo(2L * repeats);
        assertThat(second.get("unchanged").asLong()).isEqualTo(goodRows - 2L * repeats);
        assertThat(second.get("created").asLong()).isZero();
        assertThat(second.get("failed").asLong()).isEqualTo(badRows.size());
        assertThat(sandbox.contacts()).hasSize(expected.size());
    }
}
