package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The incremental bugs peers shipped (INTERCOM.md), one test each. */
class TapIncrementalTest {

    private static List<JsonNode> users(Sandbox s) {
        return s.contacts().stream().filter(c -> c.path("role").asText().equals("user")).map(c -> (JsonNode) c).toList();
    }

    @Test
    void a_second_sync_emits_the_records_changed_since_the_first_and_few_others(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            SandboxApi api = new SandboxApi(sandbox.baseUrl());
            TapRun first = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users", "leads", "companies").sync();
            assertThat(first.exitCode).as(first.stderr).isZero();
            assertThat(first.records("users")).hasSize(60);

            List<JsonNode> users = users(sandbox);
            String a = users.get(5).path("id").asText();
            String b = users.get(40).path("id").asText();
            api.rename(a, "Renamed A");
            api.rename(b, "Renamed B");
            JsonNode company = sandbox.companies().get(2);
            api.send("POST", "/companies", "{\"company_id\":\"" + company.path("company_id").asText() + "\",\"industry\":\"Changed\"}");

            TapRun second = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users", "leads", "companies")
                    .state(first.lastState()).sync();

            assertThat(second.exitCode).as(second.stderr).isZero();
            assertThat(SingerChecker.check(second)).isEmpty();
            assertThat(second.ids("users")).contains(a, b);
            assertThat(second.records("users").stream().filter(r -> r.path("id").asText().equals(a)).findFirst().orElseThrow()
                    .path("name").asText()).isEqualTo("Renamed A");
            // Only the changed ones and those sharing the old bookmark's second come again.
            Instant usersMark = Instant.parse(first.lastState().path("bookmarks").path("users").path("updated_at").asText());
            assertThat(second.records("users")).allMatch(r -> !Instant.parse(r.path("updated_at").asText()).isBefore(usersMark));
            assertThat(second.records("users").size()).isLessThan(6);
            assertThat(second.ids("companies")).contains(company.path("id").asText());
            assertThat(second.records("companies").size()).isLessThan(4);
            assertThat(second.records("companies").stream().filter(r -> r.path("id").asText().equals(company.path("id").asText()))
                    .findFirst().orElseThrow().path("industry").asText()).isEqualTo("Changed");
        }
    }

    @Test
    void records_sharing_the_bookmark_second_are_emitted_again_not_lost(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            SandboxApi api = new SandboxApi(sandbox.baseUrl());
            List<JsonNode> users = users(sandbox);
            JsonNode a;
            JsonNode b;
            int attempt = 0;
            do { // two updates within one second (retried if they straddle a second boundary)
                a = api.rename(users.get(1).path("id").asText(), "Same Second A" + attempt);
                b = api.rename(users.get(2).path("id").asText(), "Same Second B" + attempt);
                attempt++;
            } while (a.path("updated_at").asLong() != b.path("updated_at").asLong());
            // The state a sync would leave after seeing A but not yet B at that second.
            String mark = Instant.ofEpochSecond(a.path("updated_at").asLong()).toString();

            TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users")
                    .state("{\"bookmarks\":{\"users\":{\"updated_at\":\"" + mark + "\"}}}").sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.ids("users")).contains(a.path("id").asText(), b.path("id").asText());
        }
    }

    @Test
    void a_record_changed_during_the_sync_is_picked_up_by_the_next_one(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            SandboxApi api = new SandboxApi(sandbox.baseUrl());
            AtomicBoolean changed = new AtomicBoolean();
            Set<String> changedIds = new HashSet<>();
            // When the first user record reaches stdout, that user is changed in Intercom: it was already read.
            TapRun first = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users").config("page_size", 10)
                    .onLine(line -> {
                        if (line.contains("\"RECORD\"") && line.contains("\"users\"") && changed.compareAndSet(false, true)) {
                            String id = line.replaceAll(".*?\"record\":\\{\"type\":\"contact\",\"id\":\"([0-9a-f]+)\".*", "$1");
                            changedIds.add(id);
                            api.rename(id, "Changed During Sync");
                        }
                    }).sync();
            assertThat(first.exitCode).as(first.stderr).isZero();
            assertThat(changedIds).hasSize(1);
            String id = changedIds.iterator().next();
            Instant mark = Instant.parse(first.lastState().path("bookmarks").path("users").path("updated_at").asText());
            Instant changedAt = Instant.ofEpochSecond(api.get("/contacts/" + id).path("updated_at").asLong());
            assertThat(mark).isBeforeOrEqualTo(changedAt);

            TapRun second = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users").state(first.lastState()).sync();

            assertThat(second.records("users").stream().filter(r -> r.path("id").asText().equals(id))
                    .map(r -> r.path("name").asText())).contains("Changed During Sync");
        }
    }

    @Test
    void a_company_changed_during_the_scroll_is_not_lost_behind_a_later_change(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(300).start()) {
            SandboxApi api = new SandboxApi(sandbox.baseUrl());
            List<JsonNode> companies = sandbox.companies().stream().map(c -> (JsonNode) c).toList();
            JsonNode a = companies.get(0);                    // on the scroll's first page
            JsonNode b = companies.get(companies.size() - 1); // on its last page
            AtomicBoolean changed = new AtomicBoolean();
            // A changes after the tap read it, B a second later before the tap reads it: B's updated_at is
            // the newest the tap sees, yet A's change must not fall behind the bookmark.
            TapRun first = new TapRun.Builder(dir, sandbox.baseUrl()).streams("companies").onLine(line -> {
                if (line.contains("\"RECORD\"") && changed.compareAndSet(false, true)) {
                    api.send("POST", "/companies", "{\"company_id\":\"" + a.path("company_id").asText() + "\",\"industry\":\"A changed\"}");
                    sleep(1100);
                    api.send("POST", "/companies", "{\"company_id\":\"" + b.path("company_id").asText() + "\",\"industry\":\"B changed\"}");
                }
            }).sync();
            assertThat(first.exitCode).as(first.stderr).isZero();
            assertThat(first.records("companies").stream().filter(r -> r.path("id").asText().equals(b.path("id").asText()))
                    .map(r -> r.path("industry").asText())).containsExactly("B changed");

            TapRun second = new TapRun.Builder(dir, sandbox.baseUrl()).streams("companies").state(first.lastState()).sync();

            assertThat(second.records("companies").stream().filter(r -> r.path("id").asText().equals(a.path("id").asText()))
                    .map(r -> r.path("industry").asText())).containsExactly("A changed");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void the_bookmark_stays_behind_the_search_lag_so_a_change_search_did_not_show_yet_comes_next_time(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).searchLagMs(1500).start()) {
            SandboxApi api = new SandboxApi(sandbox.baseUrl());
            String id = users(sandbox).get(7).path("id").asText();
            api.rename(id, "Not Searchable Yet");

            TapRun first = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users").config("search_lag_seconds", 3).sync();
            assertThat(first.records("users").stream().filter(r -> r.path("id").asText().equals(id))
                    .map(r -> r.path("name").asText())).doesNotContain("Not Searchable Yet");
            Thread.sleep(1600);
            TapRun second = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users").state(first.lastState()).sync();

            assertThat(second.records("users").stream().filter(r -> r.path("id").asText().equals(id))
                    .map(r -> r.path("name").asText())).contains("Not Searchable Yet");
        }
    }

    @Test
    void an_interrupted_sync_resumes_from_its_last_state_without_starting_over_and_loses_nothing(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            // Killed in the middle of users (pages of 10), after leads finished.
            TapRun killed = new TapRun.Builder(dir, sandbox.baseUrl()).streams("leads", "users").config("page_size", 10)
                    .dieAfterLines(60).sync();
            assertThat(killed.exitCode).isEqualTo(1);
            JsonNode state = killed.lastState();
            assertThat(state.path("currently_syncing").asText()).isEqualTo("users");
            int before = killed.records("users").size();
            assertThat(before).isBetween(20, 59);

            TapRun resumed = new TapRun.Builder(dir, sandbox.baseUrl()).streams("leads", "users").config("page_size", 10)
                    .state(state).sync();

            assertThat(resumed.exitCode).as(resumed.stderr).isZero();
            assertThat(resumed.schemaOrder().get(0)).isEqualTo("users");
            Set<String> all = new HashSet<>(killed.ids("users"));
            all.addAll(resumed.ids("users"));
            assertThat(all).hasSize(60);
            assertThat(resumed.records("users").size()).isLessThanOrEqualTo(60 - before + 10);
            assertThat(resumed.lastState().path("currently_syncing").isNull()).isTrue();
        }
    }

    @Test
    void an_interrupted_conversation_parts_sync_resumes_from_its_last_page(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            TapRun all = new TapRun.Builder(dir, sandbox.baseUrl()).streams("conversation_parts").sync();
            int total = all.records("conversation_parts").size();

            TapRun killed = new TapRun.Builder(dir, sandbox.baseUrl()).streams("conversation_parts").config("page_size", 5)
                    .dieAfterLines(total / 2).sync();
            assertThat(killed.exitCode).isEqualTo(1);
            TapRun resumed = new TapRun.Builder(dir, sandbox.baseUrl()).streams("conversation_parts").config("page_size", 5)
                    .state(killed.lastState()).sync();

            assertThat(resumed.exitCode).as(resumed.stderr).isZero();
            Set<String> ids = new HashSet<>(killed.ids("conversation_parts"));
            ids.addAll(resumed.ids("conversation_parts"));
            assertThat(ids).hasSize(total);
            assertThat(resumed.records("conversation_parts").size()).isLessThan(total);
        }
    }

    @Test
    void old_string_bookmarks_are_accepted_and_written_back_in_the_current_form(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            List<Long> updated = users(sandbox).stream().map(u -> u.path("updated_at").asLong()).sorted().toList();
            long median = updated.get(30);
            String iso = Instant.ofEpochSecond(median).toString();
            String state = "{\"bookmarks\":{\"users\":\"" + iso + "\",\"leads\":\"" + median + "\",\"conversations\":" + median * 1000
                    + ",\"companies\":{\"updated_at\":\"" + iso.replace("Z", "+00:00") + "\"},\"segments\":\"garbage\"},"
                    + "\"currently_syncing\":null}";

            TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).streams("users", "leads", "conversations", "companies")
                    .state(state).sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.records("users")).hasSize((int) updated.stream().filter(u -> u >= median).count());
            for (String s : List.of("users", "leads", "conversations", "companies")) {
                assertThat(run.records(s)).as(s).allMatch(r -> Instant.parse(r.path("updated_at").asText()).getEpochSecond() >= median);
                assertThat(run.lastState().path("bookmarks").path(s).path("updated_at").isTextual()).as(s).isTrue();
            }
            assertThat(run.stderr).contains("unreadable bookmark of segments");
        }
    }
}
