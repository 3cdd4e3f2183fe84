package io.intercomsync.sandbox;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** starting_after cursors are refused, as Intercom refuses them, when unknown or expired. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxCursorsTest {
    private static final String REFUSED = "Invalid starting_after param. Please try again using a starting_after value from a paginated response";

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String next(Http.Res page) {
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        return page.json().path("pages").path("next").path("starting_after").asText();
    }

    private static void assertRefused(Http.Res r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("type").asText()).isEqualTo("error.list");
        assertThat(r.errorCode()).isEqualTo("client_error");
        assertThat(r.errorMessage()).isEqualTo(REFUSED);
    }

    @Test
    void a_cursor_issued_before_expire_cursors_is_refused_on_every_list_and_a_new_listing_still_works() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(30).rateLimit(0).start()) {
            Http h = new Http(s);
            String contacts = next(h.get("/contacts?per_page=10"));
            assertThat(h.get("/contacts?per_page=10&starting_after=" + enc(contacts)).status()).isEqualTo(200); // reusable while it lives
            String search = next(h.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                    + "\"pagination\":{\"per_page\":5}}"));
            String conversations = h.get("/conversations?per_page=5").json().path("pages").path("next").path("starting_after").asText();
            assertThat(conversations).isNotEmpty();

            s.expireCursors();

            assertRefused(h.get("/contacts?per_page=10&starting_after=" + enc(contacts)));
            assertRefused(h.post("/contacts/search", "{\"query\":{\"field\":\"role\",\"operator\":\"=\",\"value\":\"user\"},"
                    + "\"pagination\":{\"per_page\":5,\"starting_after\":\"" + search + "\"}}"));
            assertRefused(h.get("/conversations?per_page=5&starting_after=" + enc(conversations)));
            // a listing begun afterwards gets cursors that are taken
            String fresh = next(h.get("/contacts?per_page=10"));
            assertThat(h.get("/contacts?per_page=10&starting_after=" + enc(fresh)).json().path("pages").path("page").asInt()).isEqualTo(2);
        }
    }

    @Test
    void a_cursor_is_refused_once_it_is_a_minute_old_by_default() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(30).rateLimit(0).start()) {
            Http h = new Http(s);
            long generation = s.workspace().cursorLife().generation();
            long now = System.currentTimeMillis();
            // cursors as the sandbox issues them, dated 50 s and 61 s back
            String young = new Search.Cursor(1, 10, null, now - 50_000, generation).encode();
            String old = new Search.Cursor(1, 10, null, now - 61_000, generation).encode();
            assertThat(h.get("/contacts?per_page=10&starting_after=" + enc(young)).status()).isEqualTo(200);
            assertRefused(h.get("/contacts?per_page=10&starting_after=" + enc(old)));
        }
    }

    @Test
    void a_cursor_the_sandbox_did_not_issue_is_refused() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(30).rateLimit(0).start();
             Sandbox other = Sandbox.builder().seedUsers(30).rateLimit(0).start()) {
            Http h = new Http(s);
            assertRefused(h.get("/contacts?per_page=10&starting_after=garbage"));
            // the old cursor format, without when and by whom it was issued
            String bare = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"p\":1,\"s\":10}".getBytes(StandardCharsets.UTF_8));
            assertRefused(h.get("/contacts?per_page=10&starting_after=" + enc(bare)));
            // another sandbox's (another workspace's)
            assertRefused(h.get("/contacts?per_page=10&starting_after=" + enc(next(new Http(other).get("/contacts?per_page=10")))));
        }
    }

    @Test
    void cursor_max_age_zero_refuses_every_cursor_and_a_negative_age_is_refused_at_build() throws Exception {
        try (Sandbox s = Sandbox.builder().seedUsers(30).rateLimit(0).cursorMaxAge(Duration.ZERO).start()) {
            Http h = new Http(s);
            assertRefused(h.get("/contacts?per_page=10&starting_after=" + enc(next(h.get("/contacts?per_page=10")))));
        }
        assertThatThrownBy(() -> Sandbox.builder().cursorMaxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
