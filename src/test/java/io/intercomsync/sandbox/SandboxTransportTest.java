package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auth, versions, rate limits, injected faults, the stats endpoints and the company scroll. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxTransportTest {

    @Test
    void a_missing_or_wrong_token_gets_intercoms_401_without_rate_limit_headers() throws Exception {
        try (Sandbox s = Sandbox.builder().token("secret").start()) {
            for (Http h : new Http[]{new Http(s.baseUrl(), null), new Http(s.baseUrl(), "wrong")}) {
                Http.Res r = h.get("/me");
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.json().path("type").asText()).isEqualTo("error.list");
                assertThat(r.json().path("request_id").asText()).matches("[0-9a-f-]{36}");
                assertThat(r.errorCode()).isEqualTo("unauthorized");
                assertThat(r.errorMessage()).isEqualTo("Access Token Invalid");
                assertThat(r.header("X-RateLimit-Limit")).isNull();
            }
            assertThat(new Http(s.baseUrl(), "secret").get("/me").status()).isEqualTo(200);
        }
    }

    @Test
    void intercom_version_2_x_is_accepted_and_anything_else_is_a_400() throws Exception {
        try (Sandbox s = Sandbox.builder().start()) {
            java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
            for (String v : new String[]{"2.16", "2.0", "2.11"}) {
                assertThat(c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/me"))
                        .header("Authorization", "Bearer sandbox-token").header("Intercom-Version", v).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as(v).isEqualTo(200);
            }
            for (String v : new String[]{"2.99", "3.0", "banana"}) {
                var r = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/me"))
                        .header("Authorization", "Bearer sandbox-token").header("Intercom-Version", v).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(v).isEqualTo(400);
                assertThat(r.body()).contains("intercom_version_invalid");
            }
            // absent = 2.16
            assertThat(c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/me"))
                    .header("Authorization", "Bearer sandbox-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_rate_limit_counts_a_fixed_ten_second_window_per_token_and_recovers_at_reset() throws Exception {
        try (Sandbox s = Sandbox.builder().rateLimit(3).start()) {
            Http h = new Http(s);
            // start at the beginning of a window so the four calls share it
            long now = System.currentTimeMillis();
            if (now % 10_000 > 7_000) {
                Thread.sleep(10_000 - now % 10_000 + 50);
            }
            long windowEnd = (System.currentTimeMillis() / 10_000 + 1) * 10;
            for (int i = 1; i <= 3; i++) {
                Http.Res r = h.get("/me");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("X-RateLimit-Limit")).isEqualTo("3");
                assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(3 - i));
                assertThat(r.header("X-RateLimit-Reset")).isEqualTo(Long.toString(windowEnd));
            }
            Http.Res limited = h.get("/contacts");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("rate_limit_exceeded");
            assertThat(limited.errorMessage()).isEqualTo("Exceeded rate limit of 3 in 10_seconds");
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(limited.header("X-RateLimit-Reset")).isEqualTo(Long.toString(windowEnd));
            assertThat(limited.header("Retry-After")).isNull();
            assertThat(s.stats().rateLimited()).isEqualTo(1);
            // another token has its own allowance
            try (Sandbox other = Sandbox.builder().rateLimit(1).token("t2").start()) {
                assertThat(new Http(other.baseUrl(), "t2").get("/me").status()).isEqualTo(200);
            }
            Thread.sleep(Math.max(0, windowEnd * 1000 - System.currentTimeMillis()) + 50);
            Http.Res recovered = h.get("/me");
            assertThat(recovered.status()).isEqualTo(200);
            assertThat(recovered.header("X-RateLimit-Remaining")).isEqualTo("2");
            s.setRateLimit(0);
            for (int i = 0; i < 10; i++) {
                assertThat(h.get("/me").status()).isEqualTo(200);
            }
        }
    }

    private static Sandbox faulty(Sandbox.Fault kind) throws IOException {
        return Sandbox.builder().faultRate(1.0).faults(EnumSet.of(kind)).rateLimit(0).start();
    }

    @Test
    void a_server_error_fault_answers_5xx_and_applies_nothing() throws Exception {
        try (Sandbox s = faulty(Sandbox.Fault.SERVER_ERROR)) {
            Http.Res r = new Http(s).post("/contacts", "{\"external_id\":\"f1\"}");
            assertThat(r.status()).isIn(500, 502, 503);
            assertThat(r.json().path("type").asText()).isEqualTo("error.list");
            assertThat(s.contacts()).isEmpty();
            assertThat(s.stats().faults()).containsEntry("SERVER_ERROR", 1L);
            assertThat(s.stats().writes()).isZero();
        }
    }

    @Test
    void an_applied_then_failed_fault_writes_and_answers_500() throws Exception {
        try (Sandbox s = faulty(Sandbox.Fault.APPLIED_THEN_FAILED)) {
            Http.Res r = new Http(s).post("/contacts", "{\"external_id\":\"f1\"}");
            assertThat(r.status()).isEqualTo(500);
            assertThat(s.contactByExternalId("f1")).isPresent();
            assertThat(s.stats().writes()).isEqualTo(1);
            s.setFaultRate(0);
            assertThat(new Http(s).post("/contacts", "{\"external_id\":\"f1\"}").status()).isEqualTo(409);
        }
    }

    @Test
    void a_dropped_connection_fault_closes_without_an_answer_and_applies_nothing() throws Exception {
        try (Sandbox s = faulty(Sandbox.Fault.DROPPED_CONNECTION)) {
            Http h = new Http(s);
            assertThatThrownBy(() -> h.post("/contacts", "{\"external_id\":\"f1\"}")).isInstanceOf(IOException.class);
            assertThat(s.contacts()).isEmpty();
            assertThat(s.stats().byStatus()).containsEntry(0, 1L);
        }
    }

    @Test
    void an_empty_body_fault_answers_200_with_nothing_and_applies_nothing() throws Exception {
        try (Sandbox s = faulty(Sandbox.Fault.EMPTY_BODY)) {
            Http.Res r = new Http(s).post("/contacts", "{\"external_id\":\"f1\"}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.raw()).isEmpty();
            assertThat(s.contacts()).isEmpty();
        }
    }

    @Test
    void faults_hit_the_configured_share_deterministically_for_a_seed() throws Exception {
        int[] first = new int[2];
        for (int run = 0; run < 2; run++) {
            try (Sandbox s = Sandbox.builder().faultRate(0.3).faults(EnumSet.of(Sandbox.Fault.SERVER_ERROR, Sandbox.Fault.EMPTY_BODY))
                    .rateLimit(0).randomSeed(7).start()) {
                Http h = new Http(s);
                StringBuilder pattern = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    pattern.append(h.get("/me").status()).append(',');
                }
                long faults = s.stats().faults().values().stream().mapToLong(Long::longValue).sum();
                assertThat(faults).isBetween(35L, 85L);
                first[run] = pattern.toString().hashCode();
                assertThat(s.stats().totalRequests()).isEqualTo(200);
            }
        }
        assertThat(first[0]).isEqualTo(first[1]);
    }

    @Test
    void stats_count_requests_by_status_and_endpoint_and_are_served_over_http() throws Exception {
        try (Sandbox s = Sandbox.builder().rateLimit(0).start()) {
            Http h = new Http(s);
            String id = h.post("/contacts", "{\"external_id\":\"s1\"}").json().path("id").asText();
            h.get("/contacts/" + id);
            h.get("/contacts/nope");
            h.post("/contacts/" + id + "/archive", null);
            SandboxStats st = s.stats();
            assertThat(st.totalRequests()).isEqualTo(4);
            assertThat(st.byStatus()).containsEntry(200, 3L).containsEntry(404, 1L);
            assertThat(st.byEndpoint()).containsEntry("GET /contacts/{id}", 2L).containsEntry("POST /contacts/{id}/archive", 1L);
            assertThat(st.writes()).isEqualTo(2);
            Http anon = new Http(s.baseUrl(), null);
            JsonNode json = anon.get("/_sandbox/stats").json();
            assertThat(json.path("totalRequests").asLong()).isEqualTo(4);
            assertThat(json.path("byEndpoint").path("POST /contacts").asLong()).isEqualTo(1);
            assertThat(anon.post("/_sandbox/reset", null).status()).isEqualTo(200);
            assertThat(s.stats().totalRequests()).isZero();
        }
    }

    @Test
    void one_company_scroll_per_workspace_and_it_expires_after_idling() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(200).rateLimit(0).start()) {
            Http h = new Http(s);
            Http.Res first = h.get("/companies/scroll");
            assertThat(first.json().path("data").size()).isEqualTo(15);
            Http.Res second = h.get("/companies/scroll");
            assertThat(second.status()).isEqualTo(400);
            assertThat(second.errorCode()).isEqualTo("scroll_exists");
            String param = first.json().path("scroll_param").asText();
            assertThat(h.get("/companies/scroll?scroll_param=" + param).json().path("data").size()).isEqualTo(5);
            assertThat(h.get("/companies/scroll?scroll_param=" + param).json().path("data").size()).isZero();
            // finished: a new scroll may start
            Http.Res again = h.get("/companies/scroll");
            assertThat(again.status()).isEqualTo(200);
            s.workspace().scrollTtlMs = 200;
            Thread.sleep(300);
            assertThat(h.get("/companies/scroll?scroll_param=" + again.json().path("scroll_param").asText()).status()).isEqualTo(404);
            assertThat(h.get("/companies/scroll").status()).isEqualTo(200);
        }
    }

    @Test
    void latency_is_added_to_every_response() throws Exception {
        try (Sandbox s = Sandbox.builder().latencyMs(150).start()) {
            Http h = new Http(s);
            h.get("/me");
            long t = System.nanoTime();
            h.get("/me");
            assertThat((System.nanoTime() - t) / 1_000_000).isGreaterThanOrEqualTo(150);
        }
    }
}
