package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.ValidatingClient.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted session over every sandbox endpoint, success and error paths, on a seeded workspace. Every
 * request and response is checked against Intercom's OpenAPI description by {@link ValidatingClient}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxConformanceTest {
    private static Sandbox sandbox;
    private static ValidatingClient api;

    @BeforeAll
    static void start() throws Exception {
        ValidatingClient.validator(); // parse the spec once
        sandbox = Sandbox.builder().seedUsers(120).rateLimit(0).start();
        api = new ValidatingClient(sandbox.baseUrl(), "sandbox-token");
    }

    @AfterAll
    static void every_listed_endpoint_was_exercised() {
        Set<String> hit = new HashSet<>(sandbox.stats().byEndpoint().keySet());
        sandbox.close();
        assertThat(hit).contains(
                "GET /me", "GET /admins", "GET /admins/{id}", "GET /teams", "GET /tags", "GET /segments",
                "GET /data_attributes", "POST /data_attributes",
                "POST /contacts", "GET /contacts", "POST /contacts/search", "POST /contacts/merge", "GET /contacts/find_by_external_id/{external_id}",
                "GET /contacts/{id}", "PUT /contacts/{id}", "DELETE /contacts/{id}", "POST /contacts/{id}/archive",
                "POST /contacts/{id}/unarchive", "GET /contacts/{id}/companies", "POST /contacts/{id}/companies",
                "DELETE /contacts/{id}/companies/{company_id}", "GET /contacts/{id}/tags",
                "POST /tags", "POST /contacts/{id}/tags", "DELETE /contacts/{id}/tags/{tag_id}",
                "POST /companies", "GET /companies", "GET /companies/scroll", "GET /companies/{id}",
                "GET /companies/{id}/contacts", "GET /conversations", "POST /conversations/search", "GET /conversations/{id}");
    }

    private static JsonNode ok(Exchange e) {
        assertThat(e.problems()).as("spec problems of a %d answer: %s", e.status(), e.rawBody()).isEmpty();
        assertThat(e.status()).as(e.rawBody()).isEqualTo(200);
        return e.body();
    }

    private static JsonNode fails(Exchange e, int status, String code) {
        assertThat(e.problems()).as("spec problems of a %d answer: %s", e.status(), e.rawBody()).isEmpty();
        assertThat(e.status()).as(e.rawBody()).isEqualTo(status);
        assertThat(e.body().path("type").asText()).isEqualTo("error.list");
        assertThat(e.body().path("errors").get(0).path("code").asText()).isEqualTo(code);
        return e.body();
    }

    /**
     * A request the spec's own request schema already refuses, sent on purpose: the validator must say so,
     * and the answer must still be an error.list the spec's error schema accepts.
     */
    private static JsonNode failsOutsideTheSpec(Exchange e, int status, String code) {
        assertThat(e.problems()).as("the spec should refuse this request too").anyMatch(p -> p.startsWith("validation.request"));
        assertThat(e.problems()).as("spec problems of a %d answer: %s", e.status(), e.rawBody())
                .allMatch(p -> p.startsWith("validation.request"));
        assertThat(e.status()).as(e.rawBody()).isEqualTo(status);
        assertThat(e.body().path("type").asText()).isEqualTo("error.list");
        assertThat(e.body().path("errors").get(0).path("code").asText()).isEqualTo(code);
        return e.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void the_conformance_check_itself_rejects_malformed_answers() {
        Map<String, String> h = Map.of("Authorization", "Bearer x", "Intercom-Version", "2.16");
        String good = api.get("/contacts/" + sandbox.contacts().get(0).path("id").asText()).rawBody();
        assertThat(ValidatingClient.validate("GET", "/contacts/abc", null, h, 200, good, "application/json")).isEmpty();
        String badType = good.replaceFirst("\"created_at\":\\d+", "\"created_at\":\"yesterday\"");
        assertThat(ValidatingClient.validate("GET", "/contacts/abc", null, h, 200, badType, "application/json")).isNotEmpty();
        String extra = good.replaceFirst("\\{", "{\"surprise\":1,");
        assertThat(ValidatingClient.validate("GET", "/contacts/abc", null, h, 200, extra, "application/json")).isNotEmpty();
        assertThat(ValidatingClient.validate("POST", "/contacts/abc/archive", null, h, 200,
                "{\"type\":\"contact\",\"id\":\"abc\",\"archived\":\"yes\"}", "application/json")).isNotEmpty();
        assertThat(ValidatingClient.validate("POST", "/contacts", "{\"external_id\":\"x\"}", h, 409,
                "{\"type\":\"error.list\",\"errors\":[{\"message\":\"no code\"}]}", "application/json")).isNotEmpty();
        Map<String, String> hb = Map.of("Authorization", "Bearer x", "Intercom-Version", "2.16", "Content-Type", "application/json");
        assertThat(ValidatingClient.validate("POST", "/contacts", "{\"external_id\":\"x\"}", hb, 409,
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"conflict\"}]}", "application/json")).isEmpty();
        assertThat(ValidatingClient.validate("POST", "/contacts", "{\"external_id\":7}", hb, 409,
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"conflict\"}]}", "application/json")).isNotEmpty();
    }

    @Test
    void workspace_reads_conform_to_the_spec() {
        JsonNode me = ok(api.get("/me"));
        assertThat(me.path("app").path("id_code").asText()).isNotEmpty();
        JsonNode admins = ok(api.get("/admins"));
        assertThat(admins.path("admins").size()).isBetween(3, 5);
        ok(api.get("/admins/" + admins.path("admins").get(0).path("id").asText()));
        fails(api.get("/admins/12345"), 404, "admin_not_found");
        assertThat(ok(api.get("/teams")).path("teams").size()).isEqualTo(2);
        assertThat(ok(api.get("/tags")).path("data").size()).isGreaterThan(10);
        JsonNode segments = ok(api.get("/segments?include_count=true"));
        assertThat(segments.path("segments").get(0).has("count")).isTrue();
        ok(api.get("/segments?type=company"));
        JsonNode contactAttrs = ok(api.get("/data_attributes?model=contact"));
        assertThat(contactAttrs.findValuesAsText("name")).contains("email", "external_id", "plan", "seats", "mrr", "vip", "trial_ends_at");
        JsonNode companyAttrs = ok(api.get("/data_attributes?model=company"));
        assertThat(companyAttrs.findValuesAsText("name")).contains("company_id", "monthly_spend", "tier", "employees", "arr", "enterprise", "renewal_at");
    }

    @Test
    void contact_listing_and_reads_conform_to_the_spec() {
        JsonNode page1 = ok(api.get("/contacts?per_page=5"));
        assertThat(page1.path("data").size()).isEqualTo(5);
        String cursor = page1.path("pages").path("next").path("starting_after").asText();
        JsonNode page2 = ok(api.get("/contacts?per_page=5&starting_after=" + enc(cursor)));
        assertThat(page2.path("pages").path("page").asInt()).isEqualTo(2);
        // an unknown or expired cursor: Intercom's documented refusal (the spec's GET /data_connectors example)
        fails(api.get("/contacts?per_page=5&starting_after=garbage"), 400, "client_error");
        sandbox.expireCursors();
        fails(api.get("/contacts?per_page=5&starting_after=" + enc(cursor)), 400, "client_error");
        JsonNode c = page1.path("data").get(0);
        String id = c.path("id").asText();
        ok(api.get("/contacts/" + id));
        ok(api.get("/contacts/find_by_external_id/" + enc(c.path("external_id").asText())));
        ok(api.get("/contacts/" + id + "/companies"));
        ok(api.get("/contacts/" + id + "/tags"));
        fails(api.get("/contacts/000000000000000000000000"), 404, "not_found");
        fails(api.get("/contacts/find_by_external_id/nobody"), 404, "not_found");
        // a contact with more than 10 tags inlines 10 and says has_more
        boolean sawMore = false;
        for (JsonNode x : sandbox.contacts()) {
            if (x.path("tags").path("has_more").asBoolean()) {
                sawMore = true;
                JsonNode tags = ok(api.get("/contacts/" + x.path("id").asText() + "/tags"));
                assertThat(tags.path("data").size()).isEqualTo(x.path("tags").path("total_count").asInt()).isGreaterThan(10);
                break;
            }
        }
        assertThat(sawMore).isTrue();
    }

    @Test
    void company_reads_and_the_scroll_conform_to_the_spec() {
        JsonNode list = ok(api.get("/companies?per_page=5"));
        JsonNode first = list.path("data").get(0);
        ok(api.get("/companies/" + first.path("id").asText()));
        JsonNode byCompanyId = ok(api.get("/companies?company_id=" + enc(first.path("company_id").asText())));
        assertThat(byCompanyId.path("data").get(0).path("id").asText()).isEqualTo(first.path("id").asText());
        fails(api.get("/companies?company_id=missing"), 404, "company_not_found");
        fails(api.get("/companies/000000000000000000000000"), 404, "company_not_found");
        ok(api.get("/companies/" + first.path("id").asText() + "/contacts"));
        int seen = 0;
        JsonNode page = ok(api.get("/companies/scroll"));
        String param = page.path("scroll_param").asText();
        fails(api.get("/companies/scroll"), 400, "scroll_exists");
        while (page.path("data").size() > 0) {
            seen += page.path("data").size();
            page = ok(api.get("/companies/scroll?scroll_param=" + enc(param)));
        }
        assertThat(seen).isEqualTo(sandbox.companies().size());
    }

    @Test
    void conversation_reads_and_search_conform_to_the_spec() {
        JsonNode list = ok(api.get("/conversations?per_page=10"));
        assertThat(list.path("conversations").size()).isEqualTo(10);
        ok(api.get("/conversations?per_page=10&starting_after=" + enc(list.path("pages").path("next").path("starting_after").asText())));
        JsonNode big = ok(api.get("/conversations/100000"));
        assertThat(big.path("conversation_parts").path("conversation_parts").size()).isEqualTo(500);
        assertThat(big.path("conversation_parts").path("total_count").asInt()).isGreaterThan(500);
        ok(api.get("/conversations/100005"));
        fails(api.get("/conversations/99"), 404, "not_found");
        JsonNode search = ok(api.post("/conversations/search",
                "{\"query\":{\"field\":\"updated_at\",\"operator\":\">\",\"value\":0},\"pagination\":{\"per_page\":20}}"));
        assertThat(search.path("total_count").asInt()).isEqualTo(60);
        String next = search.path("pages").path("next").path("starting_after").asText();
        ok(api.post("/conversations/search", "{\"query\":{\"field\":\"updated_at\",\"operator\":\">\",\"value\":0},"
                + "\"pagination\":{\"per_page\":20,\"starting_after\":\"" + next + "\"}}"));
    }

    @Test
    void contact_writes_and_their_errors_conform_to_the_spec() {
        ok(api.post("/data_attributes", "{\"name\":\"favourite_colour\",\"model\":\"contact\",\"data_type\":\"string\"}"));
        fails(api.post("/data_attributes", "{\"name\":\"favourite_colour\",\"model\":\"contact\",\"data_type\":\"string\"}"), 400, "parameter_invalid");
        ok(api.post("/data_attributes", "{\"name\":\"Tier\",\"model\":\"contact\",\"data_type\":\"options\",\"options\":[{\"value\":\"a\"},{\"value\":\"b\"}]}"));
        JsonNode created = ok(api.post("/contacts", "{\"external_id\":\"conf-1\",\"email\":\"conf1@example.com\",\"name\":\"Conf One\","
                + "\"signed_up_at\":1700000000,\"custom_attributes\":{\"favourite_colour\":\"teal\",\"seats\":3,\"mrr\":9.5,\"vip\":true,\"trial_ends_at\":1700000000}}"));
        String id = created.path("id").asText();
        assertThat(created.path("role").asText()).isEqualTo("user");
        fails(api.post("/contacts", "{\"external_id\":\"conf-1\"}"), 409, "conflict");
        fails(api.post("/contacts", "{\"external_id\":\"conf-2\",\"custom_attributes\":{\"nope\":1}}"), 400, "parameter_invalid");
        fails(api.post("/contacts", "{\"external_id\":\"conf-2\",\"custom_attributes\":{\"seats\":\"three\"}}"), 400, "type_mismatch");
        JsonNode lead = ok(api.post("/contacts", "{\"role\":\"lead\",\"name\":\"Anon\"}"));
        JsonNode updated = ok(api.put("/contacts/" + id, "{\"name\":\"Conf Uno\",\"custom_attributes\":{\"seats\":4}}"));
        assertThat(updated.path("name").asText()).isEqualTo("Conf Uno");
        fails(api.put("/contacts/" + id, "{\"role\":\"lead\"}"), 400, "parameter_invalid");
        ok(api.put("/contacts/" + lead.path("id").asText(), "{\"role\":\"user\",\"external_id\":\"conf-lead\"}"));
        JsonNode company = sandbox.companies().get(0);
        ok(api.post("/contacts/" + id + "/companies", "{\"id\":\"" + company.path("id").asText() + "\"}"));
        fails(api.post("/contacts/" + id + "/companies", "{\"id\":\"000000000000000000000000\"}"), 404, "company_not_found");
        assertThat(ok(api.get("/contacts/" + id + "/companies")).path("companies").size()).isEqualTo(1);
        ok(api.delete("/contacts/" + id + "/companies/" + company.path("id").asText()));
        JsonNode archived = ok(api.post("/contacts/" + id + "/archive", null));
        assertThat(archived.path("archived").asBoolean()).isTrue();
        JsonNode dup = fails(api.post("/contacts", "{\"external_id\":\"conf-1\"}"), 409, "conflict");
        assertThat(dup.path("errors").get(0).path("message").asText()).startsWith("An archived contact");
        assertThat(ok(api.post("/contacts/" + id + "/unarchive", null)).path("archived").asBoolean()).isFalse();
        JsonNode toMerge = ok(api.post("/contacts", "{\"role\":\"lead\",\"email\":\"merge-me@example.com\"}"));
        JsonNode merged = ok(api.post("/contacts/merge", "{\"from\":\"" + toMerge.path("id").asText() + "\",\"into\":\"" + id + "\"}"));
        assertThat(merged.path("id").asText()).isEqualTo(id);
        Exchange gone = api.get("/contacts/" + toMerge.path("id").asText());
        fails(gone, 410, "contact_merged");
        assertThat(gone.header("Link")).isEqualTo("</contacts/" + id + ">; rel=\"canonical\"");
        fails(api.post("/contacts/merge", "{\"from\":\"" + id + "\",\"into\":\"" + id + "\"}"), 400, "parameter_invalid");
        JsonNode deleted = ok(api.delete("/contacts/" + id));
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        fails(api.get("/contacts/" + id), 404, "not_found");
    }

    @Test
    void tags_created_attached_and_detached_conform_to_the_spec() {
        JsonNode tag = ok(api.post("/tags", "{\"name\":\"Conf Sign-Ups\"}"));
        assertThat(tag.path("type").asText()).isEqualTo("tag");
        // names are case-insensitive: the same tag comes back
        assertThat(ok(api.post("/tags", "{\"name\":\"conf sign-ups\"}")).path("id").asText()).isEqualTo(tag.path("id").asText());
        fails(api.post("/tags", "{\"name\":\" \"}"), 400, "parameter_invalid");
        String tagId = tag.path("id").asText();
        assertThat(ok(api.get("/tags")).path("data")).anyMatch(t -> t.path("id").asText().equals(tagId));
        String contact = ok(api.post("/contacts", "{\"external_id\":\"conf-tagged\"}")).path("id").asText();
        JsonNode applied = ok(api.post("/contacts/" + contact + "/tags", "{\"id\":\"" + tagId + "\"}"));
        assertThat(applied.path("applied_at").asLong()).isPositive();
        assertThat(ok(api.get("/contacts/" + contact + "/tags")).path("data")).hasSize(1);
        assertThat(ok(api.get("/contacts/" + contact)).path("tags").path("data").get(0).path("id").asText()).isEqualTo(tagId);
        fails(api.post("/contacts/" + contact + "/tags", "{\"id\":\"999999999\"}"), 404, "not_found");
        fails(api.post("/contacts/000000000000000000000000/tags", "{\"id\":\"" + tagId + "\"}"), 404, "not_found");
        ok(api.delete("/contacts/" + contact + "/tags/" + tagId));
        assertThat(ok(api.get("/contacts/" + contact + "/tags")).path("data")).isEmpty();
        fails(api.delete("/contacts/" + contact + "/tags/" + tagId), 404, "not_found");
        // archived: out of the list, and cannot be tagged
        ok(api.post("/contacts/" + contact + "/archive", null));
        fails(api.post("/contacts/" + contact + "/tags", "{\"id\":\"" + tagId + "\"}"), 404, "not_found");
        assertThat(ok(api.get("/contacts?per_page=150")).path("data")).noneMatch(c -> c.path("id").asText().equals(contact));
    }

    @Test
    void company_writes_conform_to_the_spec() {
        JsonNode c = ok(api.post("/companies", "{\"company_id\":\"conf-co\",\"name\":\"Conformance Ltd\",\"plan\":\"pro\",\"size\":12,"
                + "\"website\":\"https://conformance.example\",\"industry\":\"SaaS\",\"monthly_spend\":100,\"remote_created_at\":1600000000,"
                + "\"custom_attributes\":{\"tier\":\"gold\"}}"));
        JsonNode again = ok(api.post("/companies", "{\"company_id\":\"conf-co\",\"name\":\"Conformance Limited\",\"custom_attributes\":{\"employees\":12}}"));
        assertThat(again.path("id").asText()).isEqualTo(c.path("id").asText());
        assertThat(again.path("name").asText()).isEqualTo("Conformance Limited");
        fails(api.post("/companies", "{\"company_id\":\"conf-co\",\"custom_attributes\":{\"unknown_thing\":\"x\"}}"), 400, "parameter_invalid");
        ok(api.post("/data_attributes", "{\"name\":\"region_code\",\"model\":\"company\",\"data_type\":\"string\"}"));
    }

    @Test
    void contact_search_conforms_to_the_spec() {
        JsonNode single = ok(api.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"},"
                + "\"pagination\":{\"per_page\":10},\"sort\":{\"field\":\"created_at\",\"order\":\"ascending\"}}"));
        assertThat(single.path("total_count").asInt()).isEqualTo(24);
        ok(api.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"},"
                + "\"pagination\":{\"per_page\":10,\"starting_after\":\"" + single.path("pages").path("next").path("starting_after").asText() + "\"}}"));
        ok(api.post("/contacts/search", "{\"query\":{\"operator\":\"AND\",\"value\":["
                + "{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                + "{\"field\":\"custom_attributes.seats\",\"operator\":\">\",\"value\":100},"
                + "{\"field\":\"email\",\"operator\":\"~\",\"value\":\"@\"}]}}"));
        ok(api.post("/contacts/search", "{\"query\":{\"operator\":\"OR\",\"value\":["
                + "{\"operator\":\"AND\",\"value\":[{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},{\"field\":\"external_id\",\"operator\":\"IN\",\"value\":[\"usr_000001\",\"usr_000002\"]}]},"
                + "{\"operator\":\"AND\",\"value\":[{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"},{\"field\":\"name\",\"operator\":\"^\",\"value\":\"A\"}]}]}}"));
        fails(api.post("/contacts/search", "{\"query\":{\"field\":\"custom_attributes.nope\",\"operator\":\"=\",\"value\":1}}"), 400, "parameter_invalid");
        fails(api.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},\"pagination\":{\"per_page\":151}}"), 400, "parameter_invalid");
    }

    @Test
    void the_strict_refusals_answer_with_the_specs_error_schema() {
        fails(api.post("/contacts/search", "{\"query\":{\"field\":\"created_at\",\"operator\":\">=\",\"value\":1700000000}}"), 400, "parameter_invalid");
        fails(api.post("/conversations/search", "{\"query\":{\"field\":\"updated_at\",\"operator\":\"<=\",\"value\":1700000000}}"), 400, "parameter_invalid");
        StringBuilder sixteen = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sixteen.append(i > 0 ? "," : "").append("{\"field\":\"name\",\"operator\":\"!=\",\"value\":\"n").append(i).append("\"}");
        }
        fails(api.post("/contacts/search", "{\"query\":{\"operator\":\"AND\",\"value\":[" + sixteen + "]}}"), 400, "parameter_invalid");
        fails(api.post("/contacts/search", "{\"query\":{\"field\":\"EMAIL\",\"operator\":\"=\",\"value\":\"x\"}}"), 400, "parameter_invalid");
        fails(api.post("/contacts", "{\"external_id\":\"strict-1\",\"name\":\"" + "n".repeat(256) + "\"}"), 400, "parameter_invalid");
        fails(api.post("/contacts", "{\"email\":\"ada@localhost\"}"), 400, "parameter_invalid");
        fails(api.post("/companies", "{\"company_id\":\"strict-co\",\"industry\":\"" + "i".repeat(256) + "\"}"), 400, "parameter_invalid");
        failsOutsideTheSpec(api.post("/contacts", "{\"external_id\":\"strict-1\",\"user_id\":\"strict-1\"}"), 400, "parameter_invalid");
        failsOutsideTheSpec(api.post("/companies", "{\"company_id\":\"strict-co\",\"monthly_spend\":155.98}"), 400, "parameter_invalid");
        failsOutsideTheSpec(api.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                + "\"sort\":{\"field\":\"created_at\",\"order\":\"desc\"}}"), 400, "invalid_sort_order");
        assertThat(sandbox.contactByExternalId("strict-1")).isEmpty();
        assertThat(sandbox.companies()).noneMatch(c -> c.path("company_id").asText().equals("strict-co"));
    }

    @Test
    void auth_version_rate_limit_and_fault_errors_conform_to_the_spec() throws Exception {
        JsonNode unauthorized = fails(api.call("GET", "/me", null, Map.of("Authorization", "Bearer wrong")), 401, "unauthorized");
        assertThat(unauthorized.path("errors").get(0).path("message").asText()).isEqualTo("Access Token Invalid");
        // an unknown version is not in the spec's enum, so only the response is checked here
        Exchange badVersion = api.call("GET", "/admins", null, Map.of("Intercom-Version", "9.9"));
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.body().path("errors").get(0).path("code").asText()).isEqualTo("intercom_version_invalid");
        try (Sandbox limited = Sandbox.builder().rateLimit(1).faultRate(1.0).faults(EnumSet.of(Sandbox.Fault.SERVER_ERROR)).start()) {
            ValidatingClient c = new ValidatingClient(limited.baseUrl(), "sandbox-token");
            Exchange first = c.get("/admins");
            assertThat(first.status()).isIn(500, 502, 503);
            assertThat(first.problems()).isEmpty();
            Exchange second = c.get("/admins");
            if (second.status() != 429) { // the first call fell at the end of a window
                second = c.get("/admins");
            }
            fails(second, 429, "rate_limit_exceeded");
        }
    }
}
