package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code intercom-sync target} as a Singer pipeline runs it (stdin, the command, its routes) against the sandbox. */
class TargetEndToEndTest {
    private static final String TOKEN = "tok-target-5d1e8b";

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JsonNode usersSchema() throws Exception {
        return TargetRun.JSON.readTree("""
                {"type": "object", "properties": {
                  "id": {"type": "integer"},
                  "user_id": {"type": "string"},
                  "email": {"type": ["null", "string"]},
                  "full_name": {"type": ["null", "string"]},
                  "plan": {"type": ["null", "string"]},
                  "seats": {"type": ["null", "integer"]},
                  "mrr": {"type": ["null", "number"]},
                  "beta": {"type": ["null", "boolean"]},
                  "renews_at": {"type": ["null", "string"], "format": "date-time"},
                  "tier": {"type": ["null", "string"]},
                  "created_at": {"type": ["null", "string"], "format": "date-time"},
                  "address": {"type": ["null", "object"], "properties": {"city": {"type": "string"}}}
                }, "required": ["user_id"]}
                """);
    }

    private static JsonNode ordersSchema() throws Exception {
        return TargetRun.JSON.readTree("""
                {"type": "object", "properties": {"order_id": {"type": "integer"}, "user_id": {"type": "string"}}}
                """);
    }

    private static Map<String, Object> user(int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", n);
        r.put("user_id", "u-" + n);
        r.put("email", "user" + n + "@example.com");
        r.put("full_name", "User " + n);
        r.put("plan", n % 2 == 0 ? "growth" : "starter");
        r.put("seats", n);
        r.put("mrr", n + 0.5);
        r.put("beta", n % 3 == 0);
        r.put("renews_at", "2027-01-01T00:00:00Z");
        r.put("tier", "gold");
        r.put("created_at", "2020-01-01T00:00:00Z");
        r.put("address", Map.of("city", "Dublin"));
        return r;
    }

    private static JsonNode state(int upTo) {
        ObjectNode v = TargetRun.JSON.createObjectNode();
        v.putObject("bookmarks").putObject("users").put("up_to", upTo);
        return v;
    }

    private void api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Intercom-Version", "2.16")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    }

    private Map<String, ObjectNode> contactsByExternalId() {
        return sandbox.contacts().stream().filter(c -> c.hasNonNull("external_id"))
                .collect(Collectors.toMap(c -> c.path("external_id").asText(), Function.identity()));
    }

    private static String userIdOf(CSVRecord errorRow) {
        try {
            return TargetRun.JSON.readTree(errorRow.get(4)).path("user_id").asText();
        } catch (Exception e) {
            throw new AssertionError("the errors file's record column is not JSON: " + errorRow, e);
        }
    }

    @Test
    void writesTheUsersStreamAsContactsAndConfirmsEachStateOnlyAfterTheRecordsBeforeIt() throws Exception {
        // Latency keeps several records in flight at once, so a STATE really has something to wait for.
        sandbox = Sandbox.builder().token(TOKEN).latencyMs(15).latencyJitterMs(15).start();
        // A list attribute: Intercom refuses a value that is not one of its options.
        api("POST", "/data_attributes", "{\"name\":\"tier\",\"model\":\"contact\",\"data_type\":\"options\","
                + "\"options\":[{\"value\":\"gold\"},{\"value\":\"silver\"}]}");

        // What each STATE covers: the users records before it, and which of them must end in the errors file.
        List<Map<String, Object>> written = new ArrayList<>();
        Set<String> failing = Set.of("u-7", "u-12", "u-23", "u-29", "u-34");
        Map<Integer, List<Map<String, Object>>> coveredByState = new LinkedHashMap<>();
        TargetRun.Input in = new TargetRun.Input()
                .schema("orders", ordersSchema(), "order_id")
                .record("orders", Map.of("order_id", 1, "user_id", "u-1"))
                .schema("users", usersSchema(), "user_id");
        int states = 0;
        for (int n = 1; n <= 40; n++) {
            Map<String, Object> r = user(n);
            if (n == 7 || n == 29) {
                r.put("seats", "many");           // fails the SCHEMA: never sent
            }
            if (n == 12 || n == 23 || n == 34) {
                r.put("tier", "bronze");          // valid here, refused by Intercom
            }
            if (n == 20) {
                r.put("email", null);             // a null is simply absent
            }
            in.record("users", r);
            written.add(r);
            if (n % 4 == 0) {
                in.record("orders", Map.of("order_id", n, "user_id", "u-" + n));
            }
            if (n % 5 == 0) {
                states++;
                coveredByState.put(n, List.copyOf(written));
                in.state(state(n));
            }
        }
        // The same contact again, later: the last record wins.
        Map<String, Object> again = user(3);
        again.put("plan", "enterprise");
        in.record("users", again).activateVersion("users", 1).state(state(41));
        coveredByState.put(41, new ArrayList<>(written));
        coveredByState.get(41).add(again);
        states++;

        Path errorsFile = dir.resolve("out/target_errors.csv");
        Map<Integer, Map<String, ObjectNode>> contactsAtState = new ConcurrentHashMap<>();
        Map<Integer, List<CSVRecord>> errorsAtState = new ConcurrentHashMap<>();
        TargetRun run = TargetRun.run(dir, TargetRun.config(sandbox.baseUrl(), TOKEN, dir)
                .set("reserved_field_overrides", TargetRun.JSON.readTree("{\"name\": \"full_name\", \"phone\": \"mobile\"}")),
                in, line -> {
                    try {
                        int upTo = TargetRun.JSON.readTree(line).path("bookmarks").path("users").path("up_to").asInt();
                        contactsAtState.put(upTo, contactsByExternalId());
                        errorsAtState.put(upTo, TargetRun.errorRows(errorsFile));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });

        assertThat(run.exitCode).as(run.stderr).isZero();
        // stdout: the STATE values, every one, in order, and nothing else
        assertThat(run.stdoutLines).hasSize(states);
        List<Integer> order = new ArrayList<>();
        for (String line : run.stdoutLines) {
            order.add(TargetRun.JSON.readTree(line).path("bookmarks").path("users").path("up_to").asInt());
        }
        assertThat(order).containsExactlyElementsOf(coveredByState.keySet());

        // Each STATE was written only once every users record before it was in Intercom or in the errors file.
        for (Map.Entry<Integer, List<Map<String, Object>>> e : coveredByState.entrySet()) {
            Map<String, ObjectNode> seen = contactsAtState.get(e.getKey());
            Set<String> erroredIds = errorsAtState.get(e.getKey()).stream()
                    .map(r -> userIdOf(r))
                    .collect(Collectors.toSet());
            for (Map<String, Object> r : e.getValue()) {
                String id = (String) r.get("user_id");
                if (failing.contains(id)) {
                    assertThat(erroredIds).as("errors file at STATE %d", e.getKey()).contains(id);
                } else {
                    assertThat(seen).as("contacts at STATE %d", e.getKey()).containsKey(id);
                }
            }
        }
        // ...and the last one saw the later record of u-3 applied.
        assertThat(contactsAtState.get(41).get("u-3").path("custom_attributes").path("plan").asText()).isEqualTo("enterprise");

        // The contacts: typed, standard fields from the overrides, custom attributes from the schema
        Map<String, ObjectNode> contacts = contactsByExternalId();
        assertThat(contacts).hasSize(35).doesNotContainKeys("u-7", "u-12", "u-23", "u-29", "u-34");
        ObjectNode u5 = contacts.get("u-5");
        assertThat(u5.path("name").asText()).isEqualTo("User 5");
        assertThat(u5.path("email").asText()).isEqualTo("user5@example.com");
        assertThat(u5.path("phone").isNull() || u5.path("phone").isMissingNode()).isTrue();
        JsonNode custom = u5.path("custom_attributes");
        assertThat(custom.path("plan").asText()).isEqualTo("starter");
        assertThat(custom.path("seats").isIntegralNumber()).isTrue();
        assertThat(custom.path("seats").asLong()).isEqualTo(5);
        assertThat(custom.path("mrr").asDouble()).isEqualTo(5.5);
        assertThat(custom.path("beta").asBoolean(true)).isFalse();
        assertThat(custom.path("renews_at").asLong()).isEqualTo(1798761600L); // 2027-01-01T00:00:00Z
        assertThat(custom.path("tier").asText()).isEqualTo("gold");
        assertThat(custom.has("id")).isFalse();
        assertThat(custom.has("address")).isFalse();
        assertThat(custom.has("created_at")).isFalse();
        assertThat(contacts.get("u-3").path("custom_attributes").path("plan").asText()).isEqualTo("enterprise");
        assertThat(contacts.get("u-20").path("email").isNull() || contacts.get("u-20").path("email").isMissingNode()).isTrue();

        Map<String, String> attributes = sandbox.dataAttributes("contact").stream()
                .filter(a -> a.path("custom").asBoolean())
                .collect(Collectors.toMap(a -> a.path("name").asText(), a -> a.path("data_type").asText()));
        assertThat(attributes).containsEntry("plan", "string").containsEntry("seats", "integer")
                .containsEntry("mrr", "float").containsEntry("beta", "boolean").containsEntry("renews_at", "date")
                .containsEntry("tier", "string")
                .doesNotContainKeys("id", "address", "created_at", "full_name", "user_id", "order_id");

        // The errors file: the record failing its SCHEMA and the one Intercom refused, with the reasons
        Map<String, CSVRecord> errors = TargetRun.errorRows(errorsFile).stream()
                .collect(Collectors.toMap(r -> userIdOf(r), r -> r));
        assertThat(errors).containsOnlyKeys("u-7", "u-12", "u-23", "u-29", "u-34");
        assertThat(errors.get("u-7").get(1)).contains("SCHEMA").contains("seats");
        assertThat(errors.get("u-12").get(1)).contains("tier").contains("must be one of");
        assertThat(errors.get("u-12").get(3)).isEqualTo("users");
        assertThat(run.stderr).isEmpty();
    }

    private static TargetRun.Input simpleUsers(int count) throws Exception {
        TargetRun.Input in = new TargetRun.Input().schema("users", TargetRun.JSON.readTree("""
                {"type": "object", "properties": {"user_id": {"type": "string"}, "email": {"type": "string"},
                 "full_name": {"type": "string"}, "plan": {"type": "string"}}}
                """), "user_id");
        for (int n = 1; n <= count; n++) {
            in.record("users", Map.of("user_id", "u-" + n, "email", "user" + n + "@example.com",
                    "full_name", "User " + n, "plan", "starter"));
            if (n % 10 == 0) {
                in.state(state(n));
            }
        }
        return in;
    }

    @Test
    void aBadTokenStopsTheRunWithOneSentenceANonZeroExitAndNoTokenInTheOutput() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        String wrong = "wrong-secret-0a9f77";

        TargetRun run = TargetRun.run(dir, TargetRun.config(sandbox.baseUrl(), wrong, dir), simpleUsers(5), line -> { });

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.stdoutLines).isEmpty();
        assertThat(run.stderr.strip().lines()).hasSize(1);
        assertThat(run.stderr).startsWith("intercom-sync: ").contains("401").contains("access_token")
                .doesNotContain(wrong).doesNotContain("Exception");
        // the setting to fix, named where this user set it (as the target's other config messages do)
        assertThat(run.stderr).contains("check access_token in the target config");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void retryableFailuresAreRetriedAndASecondRunOfTheSameRecordsSendsNothing() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).faultRate(0.25).randomSeed(7).start();
        api("POST", "/data_attributes", "{\"name\":\"plan\",\"model\":\"contact\",\"data_type\":\"string\"}");
        ObjectNode config = TargetRun.config(sandbox.baseUrl(), TOKEN, dir);
        config.set("reserved_field_overrides", TargetRun.JSON.readTree("{\"name\": \"full_name\"}"));

        TargetRun first = TargetRun.run(dir, config, simpleUsers(30), line -> { });

        assertThat(first.exitCode).as(first.stderr).isZero();
        assertThat(sandbox.stats().faults().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        Map<String, ObjectNode> contacts = contactsByExternalId();
        assertThat(sandbox.contacts()).hasSize(30); // a create that landed before its 500 is not made twice
        assertThat(contacts.get("u-30").path("name").asText()).isEqualTo("User 30");
        assertThat(TargetRun.errorRows(dir.resolve("out/target_errors.csv"))).isEmpty();
        assertThat(first.stdoutLines).hasSize(3);

        sandbox.setFaultRate(0);
        sandbox.resetStats();
        TargetRun second = TargetRun.run(dir, config, simpleUsers(30), line -> { });

        assertThat(second.exitCode).as(second.stderr).isZero();
        assertThat(sandbox.stats().writes()).isZero(); // the ledger knows every one of them
        assertThat(second.stdoutLines).hasSize(3);
    }

    @Test
    void aLineThatIsNotJsonStopsTheRunAfterConfirmingTheStatesBeforeIt() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        TargetRun.Input in = simpleUsers(10).raw("{not json").state(state(99));

        TargetRun run = TargetRun.run(dir, TargetRun.config(sandbox.baseUrl(), TOKEN, dir), in, line -> { });

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.stderr).startsWith("intercom-sync: line 13 of the input is not JSON");
        assertThat(run.stdoutLines).containsExactly(state(10).toString());
        assertThat(sandbox.contacts()).hasSize(10);
    }

    @Test
    void withoutCreateMissingAttributesUnknownFieldsAreLeftOutAndNothingIsCreated() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        ObjectNode config = TargetRun.config(sandbox.baseUrl(), TOKEN, dir).put("create_missing_attributes", false);

        TargetRun run = TargetRun.run(dir, config, simpleUsers(3), line -> { });

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(sandbox.dataAttributes("contact")).noneMatch(a -> a.path("custom").asBoolean());
        assertThat(sandbox.contacts()).hasSize(3)
                .allSatisfy(c -> assertThat(c.path("custom_attributes").has("plan")).isFalse());
    }

    @Test
    void aMistypedConfigKeyStopsTheRunWithExit2NamingItAndTheNearestSetting() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        ObjectNode config = TargetRun.config(sandbox.baseUrl(), TOKEN, dir).put("max_in_fligth", 64);

        TargetRun run = TargetRun.run(dir, config, simpleUsers(3), line -> { });

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip()).isEqualTo(
                "intercom-sync: max_in_fligth in the target config is not a setting: did you mean max_in_flight?");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void aConfigValueOfTheWrongTypeStopsTheRunWithExit2NamingItsKey() throws Exception {
        sandbox = Sandbox.builder().token(TOKEN).start();
        ObjectNode config = TargetRun.config(sandbox.baseUrl(), TOKEN, dir).put("max_in_flight", "lots");

        TargetRun run = TargetRun.run(dir, config, simpleUsers(3), line -> { });

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip()).isEqualTo("intercom-sync: max_in_flight in the target config must be a number, not 'lots'");
        assertThat(run.stdoutLines).isEmpty();
        assertThat(sandbox.contacts()).isEmpty();
    }
}
