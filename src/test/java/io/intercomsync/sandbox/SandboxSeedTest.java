package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded workspace: deterministic and realistic. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxSeedTest {

    @Test
    void the_same_seed_builds_the_same_workspace_and_another_seed_a_different_one() throws Exception {
        try (Sandbox a = Sandbox.builder().seedUsers(100).start();
             Sandbox b = Sandbox.builder().seedUsers(100).start();
             Sandbox c = Sandbox.builder().seedUsers(100).randomSeed(43).start()) {
            assertThat(a.contacts()).isEqualTo(b.contacts());
            assertThat(a.companies()).isEqualTo(b.companies());
            assertThat(new Http(a).get("/conversations/100003").raw()).isEqualTo(new Http(b).get("/conversations/100003").raw());
            assertThat(a.contacts()).isNotEqualTo(c.contacts());
        }
    }

    @Test
    void an_unseeded_workspace_is_empty_but_has_its_admin() throws Exception {
        try (Sandbox s = Sandbox.builder().start()) {
            assertThat(s.contacts()).isEmpty();
            assertThat(s.companies()).isEmpty();
            assertThat(s.dataAttributes("contact")).noneMatch(a -> a.path("custom").asBoolean());
            assertThat(new Http(s).get("/me").json().path("type").asText()).isEqualTo("admin");
        }
    }

    @Test
    void a_seeded_workspace_looks_like_a_real_one() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(200).rateLimit(0).start()) {
            List<ObjectNode> contacts = s.contacts();
            long users = contacts.stream().filter(c -> c.path("role").asText().equals("user")).count();
            long leads = contacts.size() - users;
            assertThat(users).isEqualTo(200);
            assertThat(leads).isEqualTo(40);
            assertThat(s.companies()).hasSize(20);
            Set<String> emails = new HashSet<>();
            long now = System.currentTimeMillis() / 1000;
            for (ObjectNode c : contacts) {
                if (c.path("role").asText().equals("user")) {
                    assertThat(c.path("external_id").asText()).matches("usr_\\d{6}");
                    assertThat(emails.add(c.path("email").asText())).isTrue();
                    assertThat(c.path("custom_attributes").path("seats").isInt()).isTrue();
                    assertThat(c.path("custom_attributes").path("mrr").isDouble()).isTrue();
                    assertThat(c.path("custom_attributes").path("vip").isBoolean()).isTrue();
                }
                assertThat(c.path("created_at").asLong()).isBetween(now - 91 * 86400L, now);
                assertThat(c.path("updated_at").asLong()).isGreaterThanOrEqualTo(c.path("created_at").asLong());
            }
            assertThat(contacts).anyMatch(c -> c.path("tags").path("has_more").asBoolean());
            assertThat(contacts).anyMatch(c -> c.path("companies").path("total_count").asInt() > 0);
            assertThat(contacts).anyMatch(c -> c.path("custom_attributes").path("trial_ends_at").isIntegralNumber());
            assertThat(s.companies()).allMatch(c -> c.path("custom_attributes").size() == 5);
            assertThat(s.companies()).anyMatch(c -> c.path("segments").path("segments").size() > 0);
            for (String type : new String[]{"string", "integer", "float", "boolean", "date"}) {
                assertThat(s.dataAttributes("contact")).as(type).anyMatch(a -> a.path("custom").asBoolean() && a.path("data_type").asText().equals(type));
                assertThat(s.dataAttributes("company")).as(type).anyMatch(a -> a.path("custom").asBoolean() && a.path("data_type").asText().equals(type));
            }
            Http h = new Http(s);
            assertThat(h.get("/admins").json().path("admins").size()).isBetween(3, 5);
            assertThat(h.get("/teams").json().path("teams").size()).isEqualTo(2);
            JsonNode segments = h.get("/segments?include_count=true").json().path("segments");
            assertThat(segments.size()).isGreaterThan(1);
            assertThat(segments.get(1).path("count").asInt()).isEqualTo(40); // all leads
            assertThat(h.get("/segments?type=company").json().path("segments").size()).isEqualTo(2);
            JsonNode conversations = h.post("/conversations/search",
                    "{\"query\":{\"field\":\"created_at\",\"operator\":\">\",\"value\":0},\"pagination\":{\"per_page\":150}}").json();
            assertThat(conversations.path("total_count").asInt()).isEqualTo(100);
            int longOnes = 0;
            for (JsonNode conv : conversations.path("conversations")) {
                if (conv.path("statistics").path("count_conversation_parts").asInt() > 20) {
                    longOnes++;
                }
            }
            assertThat(longOnes).isGreaterThan(5);
        }
    }
}
