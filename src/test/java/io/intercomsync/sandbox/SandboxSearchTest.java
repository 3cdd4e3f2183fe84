package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Contact search: operators, groups, sort, cursor paging, whole-day dates, search lag. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxSearchTest {
    private static Sandbox sandbox;
    private static Http http;
    private static final long DAY = 86400L;
    private static final long BASE = 1_700_006_400L; // 2023-11-15T00:00:00Z

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().rateLimit(0).start();
        http = new Http(sandbox);
        http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\"}");
        http.post("/data_attributes", "{\"name\":\"plan\",\"model\":\"contact\",\"data_type\":\"string\"}");
        for (int i = 1; i <= 30; i++) {
            String role = i % 3 == 0 ? "lead" : "user";
            String ext = role.equals("user") ? ",\"external_id\":\"ext-" + i + "\"" : "";
            http.post("/contacts", "{\"role\":\"" + role + "\"" + ext + ",\"email\":\"person" + i + "@" + (i % 2 == 0 ? "even" : "odd")
                    + ".example\",\"name\":\"Person " + i + "\",\"signed_up_at\":" + (BASE + i * DAY + 3600)
                    + ",\"custom_attributes\":{\"seats\":" + i + ",\"plan\":\"" + (i % 5 == 0 ? "pro" : "free") + "\"}}");
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static JsonNode search(String body) throws Exception {
        Http.Res r = http.post("/contacts/search", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    private static Set<Integer> seats(JsonNode list) {
        Set<Integer> out = new HashSet<>();
        list.path("data").forEach(c -> out.add(c.path("custom_attributes").path("seats").asInt()));
        return out;
    }

    private static String q(String field, String op, String value) {
        return "{\"query\":{\"field\":\"" + field + "\",\"operator\":\"" + op + "\",\"value\":" + value + "},\"pagination\":{\"per_page\":150}}";
    }

    @Test
    void each_operator_filters_as_intercom_documents() throws Exception {
        assertThat(search(q("role", "=", "\"lead\"")).path("total_count").asInt()).isEqualTo(10);
        assertThat(search(q("role", "!=", "\"lead\"")).path("total_count").asInt()).isEqualTo(20);
        assertThat(seats(search(q("external_id", "IN", "[\"ext-1\",\"ext-2\",\"nope\"]")))).containsExactlyInAnyOrder(1, 2);
        assertThat(search(q("external_id", "NIN", "[\"ext-1\",\"ext-2\"]")).path("total_count").asInt()).isEqualTo(28);
        assertThat(seats(search(q("custom_attributes.seats", ">", "27")))).containsExactlyInAnyOrder(28, 29, 30);
        assertThat(seats(search(q("custom_attributes.seats", "<", "3")))).containsExactlyInAnyOrder(1, 2);
        assertThat(search(q("email", "~", "\"@even\"")).path("total_count").asInt()).isEqualTo(15);
        assertThat(search(q("email", "!~", "\"@even\"")).path("total_count").asInt()).isEqualTo(15);
        assertThat(seats(search(q("name", "^", "\"person 1\"")))).hasSize(11); // 1, 10..19
        assertThat(seats(search(q("email", "$", "\"odd.example\"")))).hasSize(15);
        assertThat(search(q("external_id", "=", "null")).path("total_count").asInt()).isEqualTo(10);
        assertThat(search(q("EMAIL", "=", "\"nobody\"")).path("total_count").asInt()).isZero();
    }

    @Test
    void groups_combine_and_nest() throws Exception {
        JsonNode and = search("{\"query\":{\"operator\":\"AND\",\"value\":[{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                + "{\"field\":\"custom_attributes.plan\",\"operator\":\"=\",\"value\":\"pro\"}]}}");
        assertThat(seats(and)).containsExactlyInAnyOrder(5, 10, 20, 25);
        JsonNode nested = search("{\"query\":{\"operator\":\"OR\",\"value\":[{\"operator\":\"AND\",\"value\":["
                + "{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"},{\"field\":\"custom_attributes.seats\",\"operator\":\">\",\"value\":25}]},"
                + "{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"ext-1\"}]}}");
        assertThat(seats(nested)).containsExactlyInAnyOrder(1, 27, 30);
        assertThat(http.post("/contacts/search", "{\"query\":{\"operator\":\"XOR\",\"value\":[]}}").status()).isEqualTo(400);
        assertThat(http.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"IN\",\"value\":\"user\"}}").status()).isEqualTo(400);
    }

    @Test
    void sort_orders_results_both_ways() throws Exception {
        JsonNode asc = search("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"sort\":{\"field\":\"custom_attributes.seats\",\"order\":\"ascending\"}}");
        JsonNode desc = search("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"sort\":{\"field\":\"custom_attributes.seats\",\"order\":\"descending\"}}");
        assertThat(asc.path("data").get(0).path("custom_attributes").path("seats").asInt()).isEqualTo(1);
        assertThat(desc.path("data").get(0).path("custom_attributes").path("seats").asInt()).isEqualTo(29);
    }

    @Test
    void the_cursor_walks_every_match_once_even_when_records_arrive_meanwhile() throws Exception {
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String pagination = "\"pagination\":{\"per_page\":7" + (cursor == null ? "" : ",\"starting_after\":\"" + cursor + "\"") + "}";
            JsonNode page = search("{\"query\":{\"field\":\"custom_attributes.seats\",\"operator\":\">\",\"value\":0},"
                    + "\"sort\":{\"field\":\"custom_attributes.seats\",\"order\":\"ascending\"}," + pagination + "}");
            page.path("data").forEach(c -> seen.add(c.path("custom_attributes").path("seats").asInt()));
            assertThat(page.path("pages").path("page").asInt()).isEqualTo(++pages);
            assertThat(page.path("pages").path("total_pages").asInt()).isEqualTo(5);
            cursor = page.path("pages").path("next").path("starting_after").asText(null);
            if (pages == 2) {
                // a contact sorting before the cursor must not shift the pages
                http.post("/contacts", "{\"role\":\"lead\",\"custom_attributes\":{\"seats\":-5}}");
            }
        } while (cursor != null);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates().isSorted();
        assertThat(http.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                + "\"pagination\":{\"starting_after\":\"garbage!\"}}").status()).isEqualTo(400);
    }

    @Test
    void dates_compare_by_whole_utc_day() throws Exception {
        // person 10 signed up at BASE + 10 days + 1 hour; any timestamp on that day matches '='
        long sameDayLate = BASE + 10 * DAY + 23 * 3600;
        assertThat(seats(search(q("signed_up_at", "=", Long.toString(sameDayLate))))).containsExactly(10);
        // '>' excludes the whole day of the value: people 11..30
        assertThat(search(q("signed_up_at", ">", Long.toString(BASE + 10 * DAY))).path("total_count").asInt()).isEqualTo(20);
        assertThat(search(q("signed_up_at", ">=", Long.toString(BASE + 10 * DAY + 7200))).path("total_count").asInt()).isEqualTo(21);
    }

    @Test
    void search_lags_writes_while_get_by_id_is_immediate() throws Exception {
        try (Sandbox lagging = Sandbox.builder().rateLimit(0).searchLagMs(800).start()) {
            Http h = new Http(lagging);
            String id = h.post("/contacts", "{\"external_id\":\"lag-1\",\"name\":\"Old\"}").json().path("id").asText();
            String byExt = "{\"query\":{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"lag-1\"}}";
            assertThat(h.post("/contacts/search", byExt).json().path("total_count").asInt()).isZero();
            assertThat(h.get("/contacts/" + id).status()).isEqualTo(200);
            assertThat(h.post("/contacts", "{\"external_id\":\"lag-1\"}").status()).isEqualTo(409);
            Thread.sleep(900);
            assertThat(h.post("/contacts/search", byExt).json().path("data").get(0).path("name").asText()).isEqualTo("Old");
            h.put("/contacts/" + id, "{\"name\":\"New\"}");
            assertThat(h.get("/contacts/" + id).json().path("name").asText()).isEqualTo("New");
            assertThat(h.post("/contacts/search", byExt).json().path("data").get(0).path("name").asText()).isEqualTo("Old");
            lagging.setSearchLagMs(0);
            assertThat(h.post("/contacts/search", byExt).json().path("data").get(0).path("name").asText()).isEqualTo("New");
        }
    }
}
