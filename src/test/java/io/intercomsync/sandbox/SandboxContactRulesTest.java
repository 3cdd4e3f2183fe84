package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Intercom's rules for contacts, companies and custom attributes, one test per rule. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxContactRulesTest {
    private Sandbox sandbox;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().rateLimit(0).start();
        http = new Http(sandbox);
        http.post("/data_attributes", "{\"name\":\"plan\",\"model\":\"contact\",\"data_type\":\"string\"}");
        http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\"}");
        http.post("/data_attributes", "{\"name\":\"mrr\",\"model\":\"contact\",\"data_type\":\"float\"}");
        http.post("/data_attributes", "{\"name\":\"vip\",\"model\":\"contact\",\"data_type\":\"boolean\"}");
        http.post("/data_attributes", "{\"name\":\"renews_at\",\"model\":\"contact\",\"data_type\":\"date\"}");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String create(String body) throws Exception {
        Http.Res r = http.post("/contacts", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().path("id").asText();
    }

    @Test
    void a_duplicate_external_id_is_a_409_naming_the_existing_contact() throws Exception {
        String id = create("{\"external_id\":\"u1\",\"email\":\"a@example.com\"}");
        Http.Res dup = http.post("/contacts", "{\"external_id\":\"u1\",\"email\":\"other@example.com\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorCode()).isEqualTo("conflict");
        assertThat(dup.errorMessage()).isEqualTo("A contact matching those details already exists with id=" + id);
    }

    @Test
    void a_users_duplicate_email_is_a_409_but_leads_may_share_it() throws Exception {
        String id = create("{\"external_id\":\"u1\",\"email\":\"Same@Example.com\"}");
        Http.Res dup = http.post("/contacts", "{\"email\":\"same@example.com\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorMessage()).endsWith("id=" + id);
        create("{\"role\":\"lead\",\"email\":\"same@example.com\"}");
        create("{\"role\":\"lead\",\"email\":\"same@example.com\"}");
    }

    @Test
    void a_contact_needs_an_email_an_external_id_or_a_role_and_defaults_to_user() throws Exception {
        assertThat(http.post("/contacts", "{\"name\":\"Nobody\"}").status()).isEqualTo(400);
        Http.Res r = http.post("/contacts", "{\"external_id\":\"u9\"}");
        assertThat(r.json().path("role").asText()).isEqualTo("user");
        assertThat(r.json().path("created_at").asLong()).isEqualTo(r.json().path("updated_at").asLong());
    }

    @Test
    void an_archived_duplicate_says_so_and_unarchive_restores_it() throws Exception {
        String id = create("{\"external_id\":\"u1\"}");
        sandbox.archiveContact(id);
        Http.Res dup = http.post("/contacts", "{\"external_id\":\"u1\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorMessage()).isEqualTo("An archived contact matching those details already exists with id=" + id);
        Http.Res search = http.post("/contacts/search", "{\"query\":{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"u1\"}}");
        assertThat(search.json().path("total_count").asInt()).isZero();
        Http.Res un = http.post("/contacts/" + id + "/unarchive", null);
        assertThat(un.json().path("archived").asBoolean()).isFalse();
        assertThat(http.post("/contacts", "{\"external_id\":\"u1\"}").errorMessage()).startsWith("A contact matching");
        assertThat(http.post("/contacts/search", "{\"query\":{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"u1\"}}")
                .json().path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void a_lead_merged_into_a_user_answers_410_with_a_link_to_the_user() throws Exception {
        String user = create("{\"external_id\":\"u1\",\"custom_attributes\":{\"plan\":\"pro\"}}");
        String lead = create("{\"role\":\"lead\",\"email\":\"lead@example.com\",\"custom_attributes\":{\"plan\":\"free\",\"seats\":2}}");
        Http.Res merged = http.post("/contacts/merge", "{\"from\":\"" + lead + "\",\"into\":\"" + user + "\"}");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(merged.json().path("email").asText()).isEqualTo("lead@example.com");
        assertThat(merged.json().path("custom_attributes").path("plan").asText()).isEqualTo("pro");
        assertThat(merged.json().path("custom_attributes").path("seats").asInt()).isEqualTo(2);
        for (Http.Res r : new Http.Res[]{http.get("/contacts/" + lead), http.put("/contacts/" + lead, "{\"name\":\"x\"}")}) {
            assertThat(r.status()).isEqualTo(410);
            assertThat(r.errorCode()).isEqualTo("contact_merged");
            assertThat(r.header("Link")).isEqualTo("</contacts/" + user + ">; rel=\"canonical\"");
        }
        assertThat(sandbox.contacts()).hasSize(1);
        assertThat(http.post("/contacts/merge", "{\"from\":\"" + user + "\",\"into\":\"" + user + "\"}").status()).isEqualTo(400);
    }

    @Test
    void a_deleted_contact_is_gone_and_its_external_id_is_free_again() throws Exception {
        String id = create("{\"external_id\":\"u1\"}");
        sandbox.deleteContact(id);
        assertThat(http.get("/contacts/" + id).status()).isEqualTo(404);
        assertThat(sandbox.contactByExternalId("u1")).isEmpty();
        create("{\"external_id\":\"u1\"}");
    }

    @Test
    void an_unknown_custom_attribute_fails_the_whole_request_naming_it() throws Exception {
        Http.Res r = http.post("/contacts", "{\"external_id\":\"u1\",\"custom_attributes\":{\"plan\":\"pro\",\"colour\":\"red\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("parameter_invalid");
        assertThat(r.errorMessage()).isEqualTo("Custom attribute 'colour' does not exist");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void a_value_of_the_wrong_type_fails_naming_the_attribute_and_the_expected_type() throws Exception {
        String id = create("{\"external_id\":\"u1\",\"custom_attributes\":{\"plan\":\"pro\",\"seats\":3,\"mrr\":10,\"vip\":true,\"renews_at\":1700000000}}");
        String[][] wrong = {{"seats", "\"3\"", "integer"}, {"seats", "3.5", "integer"}, {"mrr", "\"ten\"", "float"},
                {"vip", "\"yes\"", "boolean"}, {"plan", "7", "string"}, {"renews_at", "\"2024-01-01\"", "date"}};
        for (String[] w : wrong) {
            Http.Res r = http.put("/contacts/" + id, "{\"custom_attributes\":{\"" + w[0] + "\":" + w[1] + "}}");
            assertThat(r.status()).as(w[0] + "=" + w[1]).isEqualTo(400);
            assertThat(r.errorMessage()).contains("'" + w[0] + "'").contains(w[2]);
        }
        JsonNode c = sandbox.contactByExternalId("u1").orElseThrow();
        assertThat(c.path("custom_attributes").path("seats").asInt()).isEqualTo(3);
        assertThat(c.path("custom_attributes").path("renews_at").asLong()).isEqualTo(1700000000L);
    }

    @Test
    void a_new_attribute_can_be_written_once_created_and_duplicates_are_refused() throws Exception {
        assertThat(http.post("/contacts", "{\"external_id\":\"u1\",\"custom_attributes\":{\"tier\":\"a\"}}").status()).isEqualTo(400);
        assertThat(http.post("/data_attributes", "{\"name\":\"tier\",\"model\":\"contact\",\"data_type\":\"string\"}").status()).isEqualTo(200);
        Http.Res dup = http.post("/data_attributes", "{\"name\":\"tier\",\"model\":\"contact\",\"data_type\":\"integer\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.errorMessage()).contains("You already have 'tier'");
        assertThat(http.post("/data_attributes", "{\"name\":\"email\",\"model\":\"contact\",\"data_type\":\"string\"}").status()).isEqualTo(400);
        create("{\"external_id\":\"u1\",\"custom_attributes\":{\"tier\":\"a\"}}");
        assertThat(sandbox.dataAttributes("contact")).anyMatch(a -> a.path("name").asText().equals("tier") && a.path("custom").asBoolean());
        assertThat(sandbox.dataAttributes("contact")).anyMatch(a -> a.path("name").asText().equals("email") && !a.path("custom").asBoolean());
    }

    @Test
    void update_is_partial_and_updated_at_moves_only_on_a_real_change() throws Exception {
        String id = create("{\"external_id\":\"u1\",\"name\":\"Ann\",\"custom_attributes\":{\"plan\":\"pro\"}}");
        sandbox.resetStats();
        JsonNode same = http.put("/contacts/" + id, "{\"name\":\"Ann\"}").json();
        assertThat(sandbox.stats().writes()).isZero();
        Thread.sleep(1100);
        JsonNode changed = http.put("/contacts/" + id, "{\"phone\":\"+1 555\"}").json();
        assertThat(changed.path("name").asText()).isEqualTo("Ann");
        assertThat(changed.path("custom_attributes").path("plan").asText()).isEqualTo("pro");
        assertThat(changed.path("updated_at").asLong()).isGreaterThan(same.path("updated_at").asLong());
        assertThat(sandbox.stats().writes()).isEqualTo(1);
    }

    @Test
    void a_user_cannot_become_a_lead_but_a_lead_can_become_a_user() throws Exception {
        String user = create("{\"external_id\":\"u1\"}");
        assertThat(http.put("/contacts/" + user, "{\"role\":\"lead\"}").status()).isEqualTo(400);
        String lead = create("{\"role\":\"lead\"}");
        assertThat(http.put("/contacts/" + lead, "{\"role\":\"user\"}").json().path("role").asText()).isEqualTo("user");
    }

    @Test
    void update_to_another_contacts_external_id_or_email_is_a_409() throws Exception {
        String a = create("{\"external_id\":\"a\",\"email\":\"a@example.com\"}");
        String b = create("{\"external_id\":\"b\",\"email\":\"b@example.com\"}");
        Http.Res r1 = http.put("/contacts/" + b, "{\"external_id\":\"a\"}");
        assertThat(r1.status()).isEqualTo(409);
        assertThat(r1.errorMessage()).endsWith("id=" + a);
        assertThat(http.put("/contacts/" + b, "{\"email\":\"A@example.com\"}").status()).isEqualTo(409);
    }

    @Test
    void companies_are_created_or_updated_by_company_id_and_attach_to_contacts() throws Exception {
        http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"company\",\"data_type\":\"integer\"}");
        Http.Res c1 = http.post("/companies", "{\"company_id\":\"org1\",\"name\":\"Org\",\"monthly_spend\":12,\"custom_attributes\":{\"seats\":5}}");
        assertThat(c1.status()).isEqualTo(200);
        assertThat(c1.json().path("monthly_spend").asLong()).isEqualTo(12);
        Http.Res c2 = http.post("/companies", "{\"company_id\":\"org1\",\"name\":\"Org 2\"}");
        assertThat(c2.json().path("id").asText()).isEqualTo(c1.json().path("id").asText());
        assertThat(c2.json().path("custom_attributes").path("seats").asInt()).isEqualTo(5);
        assertThat(sandbox.companies()).hasSize(1);
        assertThat(http.post("/companies", "{\"company_id\":\"org1\",\"custom_attributes\":{\"seats\":\"many\"}}").status()).isEqualTo(400);
        String contact = create("{\"external_id\":\"u1\"}");
        String companyId = c1.json().path("id").asText();
        Http.Res attached = http.post("/contacts/" + contact + "/companies", "{\"id\":\"" + companyId + "\"}");
        assertThat(attached.json().path("user_count").asInt()).isEqualTo(1);
        assertThat(sandbox.companyIdsOfContact(contact)).containsExactly(companyId);
        assertThat(http.get("/companies/" + companyId + "/contacts").json().path("data").get(0).path("id").asText()).isEqualTo(contact);
        assertThat(http.get("/contacts/" + contact).json().path("companies").path("total_count").asInt()).isEqualTo(1);
        assertThat(http.delete("/contacts/" + contact + "/companies/" + companyId).status()).isEqualTo(200);
        assertThat(sandbox.companyIdsOfContact(contact)).isEmpty();
        assertThat(http.delete("/contacts/" + contact + "/companies/" + companyId).status()).isEqualTo(404);
    }

    @Test
    void fifty_parallel_creates_of_one_external_id_make_one_contact_and_forty_nine_409s() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Res>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            Http client = new Http(sandbox);
            Callable<Http.Res> task = () -> {
                go.await();
                return client.post("/contacts", "{\"external_id\":\"same\",\"name\":\"Caller " + n + "\"}");
            };
            futures.add(pool.submit(task));
        }
        go.countDown();
        int created = 0;
        int conflicts = 0;
        Set<String> conflictIds = new HashSet<>();
        for (Future<Http.Res> f : futures) {
            Http.Res r = f.get();
            if (r.status() == 200) {
                created++;
            } else if (r.status() == 409) {
                conflicts++;
                conflictIds.add(r.errorMessage().substring(r.errorMessage().indexOf("id=") + 3));
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(conflicts).isEqualTo(49);
        assertThat(sandbox.contacts()).hasSize(1);
        assertThat(conflictIds).containsExactly(sandbox.contacts().get(0).path("id").asText());
    }
}
