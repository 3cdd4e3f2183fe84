package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TapDiscoveryAndFullSyncTest {
    private static final List<String> STREAMS = List.of("admins", "companies", "company_attributes", "company_segments",
            "conversations", "conversation_parts", "customer_attributes", "leads", "segments", "tags", "teams", "users");
    private static final Set<String> INCREMENTAL = Set.of("companies", "conversations", "conversation_parts", "leads", "users");

    static Sandbox sandbox;
    static SandboxApi api;
    static TapRun full;

    @BeforeAll
    static void fullSync(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.builder().seedUsers(60).start();
        api = new SandboxApi(sandbox.baseUrl());
        full = new TapRun.Builder(dir, sandbox.baseUrl()).sync();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void discovery_lists_the_twelve_streams_with_schemas_keys_and_replication_metadata(@TempDir Path dir) throws Exception {
        TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).discover();

        assertThat(run.exitCode).isZero();
        JsonNode catalog = TapRun.JSON.readTree(run.stdout);
        List<String> ids = new ArrayList<>();
        for (JsonNode s : catalog.path("streams")) {
            String id = s.path("tap_stream_id").asText();
            ids.add(id);
            assertThat(s.path("stream").asText()).isEqualTo(id);
            assertThat(s.path("schema").path("type").asText()).isEqualTo("object");
            assertThat(s.path("schema").path("properties").size()).isGreaterThan(1);
            assertThat(s.path("key_properties").get(0).asText()).isIn("id", "name");
            JsonNode top = s.path("metadata").get(0);
            assertThat(top.path("breadcrumb").size()).isZero();
            JsonNode md = top.path("metadata");
            assertThat(md.path("selected").asBoolean()).isTrue();
            assertThat(md.path("inclusion").asText()).isEqualTo("available");
            boolean incremental = INCREMENTAL.contains(id);
            assertThat(md.path("replication-method").asText()).isEqualTo(incremental ? "INCREMENTAL" : "FULL_TABLE");
            assertThat(md.path("valid-replication-keys").size()).isEqualTo(incremental ? 1 : 0);
            for (JsonNode fm : s.path("metadata")) {
                if (fm.path("breadcrumb").size() == 2) {
                    String field = fm.path("breadcrumb").get(1).asText();
                    String expected = s.path("key_properties").toString().contains("\"" + field + "\"")
                            || md.path("valid-replication-keys").toString().contains("\"" + field + "\"") ? "automatic" : "available";
                    assertThat(fm.path("metadata").path("inclusion").asText()).as(id + "." + field).isEqualTo(expected);
                }
            }
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(STREAMS);
    }

    @Test
    void every_record_carries_every_property_of_its_schema_so_target_csv_sees_one_set_of_columns_per_stream() {
        assertThat(SingerChecker.shapeProblems(full)).isEmpty();
        Map<String, Set<List<String>>> columns = SingerChecker.csvColumnSequences(full);
        assertThat(columns.keySet()).containsExactlyInAnyOrderElementsOf(STREAMS);
        columns.forEach((stream, sequences) -> assertThat(sequences).as(stream + ": " + sequences).hasSize(1));
        // the two shapes the issue saw shift columns: a lead without an email, a standard data attribute
        JsonNode lead = records("leads").filter(r -> r.path("email").isNull()).findFirst().orElseThrow();
        assertThat(lead.has("email_domain")).isTrue();
        JsonNode standard = records("customer_attributes").filter(r -> !r.path("custom").asBoolean()).findFirst().orElseThrow();
        assertThat(standard.has("id") && standard.has("admin_id") && standard.has("created_at") && standard.has("updated_at"))
                .as(standard.toString()).isTrue();
    }

    private static java.util.stream.Stream<JsonNode> records(String stream) {
        return full.messages.stream().filter(m -> m.path("type").asText().equals("RECORD"))
                .filter(m -> m.path("stream").asText().equals(stream)).map(m -> m.path("record"));
    }

    @Test
    void a_full_sync_writes_only_valid_singer_messages_with_rfc3339_date_times() {
        assertThat(full.exitCode).as(full.stderr).isZero();
        assertThat(SingerChecker.check(full)).isEmpty();
        assertThat(full.schemaOrder()).containsExactlyInAnyOrderElementsOf(STREAMS);
        JsonNode last = full.lastState();
        assertThat(last.path("currently_syncing").isNull()).isTrue();
        for (String s : INCREMENTAL) {
            assertThat(last.path("bookmarks").path(s).isObject()).as(s).isTrue();
        }
        assertThat(full.stderr).doesNotContain("sandbox-token");
    }

    @Test
    void a_full_sync_emits_as_many_records_per_stream_as_the_sandbox_holds() {
        Map<String, Integer> expected = new HashMap<>();
        expected.put("users", (int) sandbox.contacts().stream().filter(c -> c.path("role").asText().equals("user")).count());
        expected.put("leads", (int) sandbox.contacts().stream().filter(c -> c.path("role").asText().equals("lead")).count());
        expected.put("companies", sandbox.companies().size());
        expected.put("customer_attributes", sandbox.dataAttributes("contact").size());
        expected.put("company_attributes", sandbox.dataAttributes("company").size());
        expected.put("admins", api.get("/admins").path("admins").size());
        expected.put("teams", api.get("/teams").path("teams").size());
        expected.put("tags", api.get("/tags").path("data").size());
        expected.put("segments", api.get("/segments").path("segments").size());
        expected.put("company_segments", api.get("/segments?type=company").path("segments").size());
        JsonNode conversations = api.send("POST", "/conversations/search",
                "{\"query\":{\"field\":\"updated_at\",\"operator\":\">\",\"value\":0},\"pagination\":{\"per_page\":150}}");
        expected.put("conversations", conversations.path("total_count").asInt());
        int parts = 0;
        for (JsonNode c : conversations.path("conversations")) {
            parts += Math.min(500, c.path("statistics").path("count_conversation_parts").asInt());
        }
        expected.put("conversation_parts", parts);

        for (String s : STREAMS) {
            assertThat(full.records(s)).as(s).hasSize(expected.get(s));
            String key = s.endsWith("attributes") ? "name" : "id";
            assertThat(full.records(s).stream().map(r -> r.path(key).asText()).distinct().count())
                    .as(s + " without duplicates").isEqualTo((long) expected.get(s));
        }
        assertThat(expected.get("users")).isEqualTo(60);
        assertThat(expected.get("conversation_parts")).isGreaterThan(expected.get("conversations"));
    }

    @Test
    void conversation_parts_carry_their_conversation_and_a_short_conversation_is_reported() {
        Map<String, Integer> perConversation = new HashMap<>();
        for (JsonNode p : full.records("conversation_parts")) {
            assertThat(p.path("conversation_id").asText()).isNotEmpty();
            assertThat(p.path("conversation_updated_at").asText()).isNotEmpty();
            perConversation.merge(p.path("conversation_id").asText(), 1, Integer::sum);
        }
        assertThat(perConversation).hasSize(full.records("conversations").size());
        // The seeded conversation 100000 has 520 parts; Intercom returns the 500 newest.
        assertThat(perConversation.get("100000")).isEqualTo(500);
        assertThat(full.records("conversation_parts").stream().filter(p -> p.path("conversation_id").asText().equals("100000"))
                .allMatch(p -> p.path("conversation_total_parts").asInt() == 520)).isTrue();
        assertThat(full.stderr).contains("conversation 100000 has 520 parts but Intercom returned 500");
    }

    @Test
    void contacts_with_more_than_ten_tags_get_all_of_them_with_names() {
        JsonNode many = sandbox.contacts().stream().filter(c -> c.path("tags").path("has_more").asBoolean())
                .findFirst().orElseThrow();
        int total = many.path("tags").path("total_count").asInt();
        assertThat(total).isGreaterThan(10);
        String stream = many.path("role").asText().equals("user") ? "users" : "leads";
        JsonNode record = full.records(stream).stream().filter(r -> r.path("id").asText().equals(many.path("id").asText()))
                .findFirst().orElseThrow();
        assertThat(record.path("tags").size()).isEqualTo(total);
        record.path("tags").forEach(t -> assertThat(t.path("name").asText()).isNotEmpty());
    }

    @Test
    void a_contact_attached_to_more_than_ten_companies_gets_all_of_them(@TempDir Path dir) throws Exception {
        try (Sandbox own = Sandbox.builder().seedUsers(150).start()) {
            SandboxApi ownApi = new SandboxApi(own.baseUrl());
            String contact = own.contacts().stream().filter(c -> c.path("role").asText().equals("user"))
                    .findFirst().orElseThrow().path("id").asText();
            for (JsonNode co : own.companies().subList(0, 12)) {
                ownApi.send("POST", "/contacts/" + contact + "/companies", "{\"id\":\"" + co.path("id").asText() + "\"}");
            }
            assertThat(ownApi.get("/contacts/" + contact).path("companies").path("has_more").asBoolean()).isTrue();

            TapRun run = new TapRun.Builder(dir, own.baseUrl()).streams("users").sync();

            JsonNode record = run.records("users").stream().filter(r -> r.path("id").asText().equals(contact))
                    .findFirst().orElseThrow();
            assertThat(record.path("companies").size()).isEqualTo(own.companyIdsOfContact(contact).size()).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void records_are_de_nested_as_the_seed_tap_did() {
        JsonNode user = full.records("users").get(0);
        assertThat(user.path("tags").isArray()).isTrue();
        assertThat(user.path("companies").isArray()).isTrue();
        assertThat(user.path("social_profiles").isArray()).isTrue();
        assertThat(user.has("notes")).isFalse();
        JsonNode company = full.records("companies").get(0);
        assertThat(company.path("tags").isArray()).isTrue();
        assertThat(company.path("segments").isArray()).isTrue();
        JsonNode conversation = full.records("conversations").get(0);
        assertThat(conversation.path("contacts").isArray()).isTrue();
        assertThat(conversation.has("conversation_parts")).isFalse();
        assertThat(user.path("updated_at").asText()).endsWith("Z");
    }
}
