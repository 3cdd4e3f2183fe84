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
        assertThat(seats(search(q("custom_attributes.seats", ">=", "29")))).containsExactlyInAnyOrder(29, 30);
        assertThat(seats(search(q("custom_attributes.seats", "<=", "2")))).containsExactlyInAnyOrder(1, 2);
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
        // '<' stops before the start of the value's day: people 1..9, and a numeric string is a timestamp too
        assertThat(search(q("signed_up_at", "<", "\"" + (BASE + 10 * DAY + 7200) + "\"")).path("total_count").asInt()).isEqualTo(9);
    }

    private static Http.Res refused(String body) throws Exception {
        Http.Res r = http.post("/contacts/search", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("type").asText()).isEqualTo("error.list");
        assertThat(r.json().path("errors")).hasSize(1);
        return r;
    }

    @Test
    void date_fields_refuse_the_operators_the_spec_refuses() throws Exception {
        Http.Res r = refused(q("signed_up_at", ">=", Long.toString(BASE)));
        assertThat(r.errorCode()).isEqualTo("parameter_invalid");
        assertThat(r.errorMessage()).isEqualTo("Operator '>=' is not supported on the date field signed_up_at; use one of =, <, >");
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("signed_up_at");
        for (String op : new String[]{"!=", "<=", ">="}) {
            for (String field : new String[]{"created_at", "updated_at", "last_seen_at"}) {
                assertThat(refused(q(field, op, "1700000000")).errorMessage()).as(op + " " + field)
                        .startsWith("Operator '" + op + "' is not supported on the date field " + field);
            }
        }
        for (String op : new String[]{"IN", "NIN"}) {
            assertThat(refused(q("created_at", op, "[1700000000]")).errorMessage()).startsWith("Operator '" + op + "' is not supported");
        }
        http.post("/data_attributes", "{\"name\":\"renews_at\",\"model\":\"contact\",\"data_type\":\"date\"}");
        assertThat(refused(q("custom_attributes.renews_at", "<=", "1700000000")).errorMessage())
                .isEqualTo("Operator '<=' is not supported on the date field custom_attributes.renews_at; use one of =, <, >");
        assertThat(search(q("custom_attributes.renews_at", "<", "1700000000")).path("total_count").asInt()).isZero();
    }

    @Test
    void each_field_type_takes_only_its_operators_and_values() throws Exception {
        assertThat(refused(q("email", ">", "\"a\"")).errorMessage())
                .isEqualTo("Operator '>' is not supported on the string field email; use one of =, !=, IN, NIN, ~, !~, ^, $");
        assertThat(refused(q("custom_attributes.seats", "~", "\"1\"")).errorMessage())
                .isEqualTo("Operator '~' is not supported on the number field custom_attributes.seats; use one of =, !=, IN, NIN, <, >, <=, >=");
        assertThat(refused(q("unsubscribed_from_emails", ">", "true")).errorMessage())
                .isEqualTo("Operator '>' is not supported on the boolean field unsubscribed_from_emails; use one of =, !=, IN, NIN");
        assertThat(refused(q("created_at", ">", "\"yesterday\"")).errorMessage())
                .isEqualTo("The value \"yesterday\" does not fit the date field created_at");
        assertThat(refused(q("custom_attributes.seats", "IN", "[1,\"two\"]")).errorMessage())
                .isEqualTo("The value \"two\" does not fit the number field custom_attributes.seats");
        assertThat(refused(q("name", "~", "null")).errorMessage()).isEqualTo("Operator '~' needs a value");
        assertThat(search(q("unsubscribed_from_emails", "=", "false")).path("total_count").asInt()).isEqualTo(30);
    }

    @Test
    void a_field_the_search_does_not_take_is_refused_rather_than_matching_nothing() throws Exception {
        Http.Res unknown = refused(q("EMAIL", "=", "\"nobody\""));
        assertThat(unknown.errorCode()).isEqualTo("parameter_invalid");
        assertThat(unknown.errorMessage()).isEqualTo("'EMAIL' is not a searchable contact field");
        assertThat(refused(q("custom_attributes.nope", "=", "1")).errorMessage()).isEqualTo("Custom attribute 'nope' does not exist");
        assertThat(refused(q("tag_id", "=", "\"1\"")).errorMessage()).isEqualTo("Searching contacts on tag_id is not modelled by the sandbox");
    }

    private static String filters(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append(i > 1 ? "," : "").append("{\"field\":\"external_id\",\"operator\":\"!=\",\"value\":\"ext-").append(i).append("\"}");
        }
        return b.toString();
    }

    @Test
    void a_group_holds_at_most_fifteen_filters() throws Exception {
        // 15 '!=' filters on ext-1..ext-15 leave the 10 leads (they have no external_id) and the 10 users from ext-16 on
        assertThat(search("{\"query\":{\"operator\":\"AND\",\"value\":[" + filters(15) + "]},\"pagination\":{\"per_page\":150}}")
                .path("total_count").asInt()).isEqualTo(20);
        Http.Res r = refused("{\"query\":{\"operator\":\"AND\",\"value\":[" + filters(16) + "]}}");
        assertThat(r.errorCode()).isEqualTo("parameter_invalid");
        assertThat(r.errorMessage()).isEqualTo("An AND group holds 16 filters; Intercom allows at most 15 in one group");
    }

    @Test
    void groups_nest_at_most_two_levels() throws Exception {
        String role = "{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"}";
        String twoLevels = "{\"operator\":\"OR\",\"value\":[{\"operator\":\"AND\",\"value\":[" + role + "]}," + role + "]}";
        assertThat(search("{\"query\":" + twoLevels + "}").path("total_count").asInt()).isEqualTo(10);
        Http.Res r = refused("{\"query\":{\"operator\":\"AND\",\"value\":[" + twoLevels + "]}}");
        assertThat(r.errorCode()).isEqualTo("parameter_invalid");
        assertThat(r.errorMessage()).isEqualTo("A query nests AND groups 3 levels deep; Intercom allows at most 2");
    }

    @Test
    void the_request_body_holds_only_query_pagination_and_sort() throws Exception {
        Http.Res order = refused("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                + "\"sort\":{\"field\":\"created_at\",\"order\":\"desc\"}}");
        assertThat(order.errorCode()).isEqualTo("invalid_sort_order");
        assertThat(order.errorMessage()).isEqualTo("Invalid sort order 'desc'. Must be one of: ascending, descending");
        Http.Res extra = refused("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"per_page\":10}");
        assertThat(extra.errorMessage()).isEqualTo("Unknown field 'per_page' in a search; accepted fields are query, pagination, sort");
        Http.Res page = refused("{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"page\":2}}");
        assertThat(page.errorMessage()).isEqualTo("Unknown field 'page' in pagination; accepted fields are per_page, starting_after");
    }

    @Test
    void conversation_search_refuses_greater_or_equal_and_takes_its_own_fields() throws Exception {
        try (Sandbox seeded = Sandbox.builder().rateLimit(0).seedUsers(10).start()) {
            Http h = new Http(seeded);
            Http.Res ge = h.post("/conversations/search", "{\"query\":{\"field\":\"updated_at\",\"operator\":\">=\",\"value\":0}}");
            assertThat(ge.status()).isEqualTo(400);
            assertThat(ge.errorMessage()).isEqualTo("Operator '>=' is not supported on the date field updated_at; use one of =, !=, IN, NIN, <, >");
            Http.Res email = h.post("/conversations/search", "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"x\"}}");
            assertThat(email.errorMessage()).isEqualTo("'email' is not a searchable conversation field");
            Http.Res open = h.post("/conversations/search", "{\"query\":{\"field\":\"open\",\"operator\":\"IN\",\"value\":[true,false]}}");
            assertThat(open.status()).as(open.raw()).isEqualTo(200);
            assertThat(open.json().path("pages").path("per_page").asInt()).isEqualTo(20); // the spec's default for conversations
        }
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
