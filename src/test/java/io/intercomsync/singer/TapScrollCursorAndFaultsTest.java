package io.intercomsync.singer;

import io.intercomsync.testing.MeddlingProxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The companies scroll as a workspace singleton, a repeating cursor, and retries through injected faults. */
class TapScrollCursorAndFaultsTest {

    @Test
    void a_scroll_held_by_someone_else_is_waited_for_then_the_companies_come(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            SandboxApi other = new SandboxApi(sandbox.baseUrl());
            String param = other.get("/companies/scroll").path("scroll_param").asText(); // another client's scroll
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                while (other.get("/companies/scroll?scroll_param=" + param).path("data").size() > 0) {
                    // the other client reads its scroll to the end, which frees the workspace's slot
                }
            });

            TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).streams("companies")
                    .config("scroll_retry_ms", 200).config("scroll_wait_seconds", 30).sync();
            release.get(10, TimeUnit.SECONDS);

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.stderr).contains("scroll_exists");
            assertThat(run.ids("companies")).hasSize(sandbox.companies().size());
        }
    }

    @Test
    void a_scroll_that_never_frees_up_fails_the_stream_with_one_sentence_and_the_others_still_sync(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start()) {
            new SandboxApi(sandbox.baseUrl()).get("/companies/scroll"); // held and never finished

            TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).streams("companies", "tags")
                    .config("scroll_retry_ms", 100).config("scroll_wait_seconds", 1).sync();

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.stderr).contains("intercom-sync: companies stopped: another companies scroll has held this workspace's only scroll slot");
            assertThat(run.records("tags")).isNotEmpty();
            assertThat(run.lastState().path("currently_syncing").isNull()).isTrue();
        }
    }

    @Test
    void a_scroll_page_that_fails_after_it_was_consumed_restarts_the_scroll_and_no_company_is_missed(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(450).start(); // 45 companies: three pages of 15
             MeddlingProxy proxy = new MeddlingProxy(sandbox.baseUrl())) {
            AtomicInteger pages = new AtomicInteger();
            proxy.hook(e -> e.pathAndQuery().startsWith("/companies/scroll?") && pages.incrementAndGet() == 1
                    ? new MeddlingProxy.Exchange(e.method(), e.pathAndQuery(), e.requestBody(), 500,
                            "{\"type\":\"error.list\",\"errors\":[{\"code\":\"server_error\",\"message\":\"Server Error\"}]}")
                    : e);

            TapRun run = new TapRun.Builder(dir, proxy.baseUrl()).streams("companies").sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.stderr).contains("drained and started again");
            assertThat(run.ids("companies")).hasSize(45);
            assertThat(run.records("companies")).hasSize(45); // written once each, though read twice
        }
    }

    @Test
    void an_expired_scroll_is_started_again_and_no_company_is_missed(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(450).start();
             MeddlingProxy proxy = new MeddlingProxy(sandbox.baseUrl())) {
            SandboxApi direct = new SandboxApi(sandbox.baseUrl());
            AtomicInteger pages = new AtomicInteger();
            proxy.hook(e -> {
                if (!e.pathAndQuery().startsWith("/companies/scroll?") || pages.incrementAndGet() != 1) {
                    return e;
                }
                // The scroll expires here: the sandbox's scroll is read to its end (freeing the slot) and the
                // tap gets the 404 an expired scroll_param answers.
                String param = e.pathAndQuery().substring(e.pathAndQuery().indexOf('=') + 1);
                while (direct.get("/companies/scroll?scroll_param=" + param).path("data").size() > 0) {
                    // read on
                }
                return new MeddlingProxy.Exchange(e.method(), e.pathAndQuery(), e.requestBody(), 404,
                        "{\"type\":\"error.list\",\"errors\":[{\"code\":\"not_found\",\"message\":\"scroll_param is invalid or the scroll has expired\"}]}");
            });

            TapRun run = new TapRun.Builder(dir, proxy.baseUrl()).streams("companies").sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(run.stderr).contains("the scroll expired");
            assertThat(run.records("companies")).hasSize(45);
            assertThat(run.ids("companies")).hasSize(45);
        }
    }

    @Test
    void a_repeated_cursor_stops_that_stream_with_a_clear_error_and_keeps_the_last_good_bookmark(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start();
             MeddlingProxy proxy = new MeddlingProxy(sandbox.baseUrl())) {
            // The second users page answers with the cursor that led to it: following it would loop.
            proxy.hook(e -> {
                if (!e.pathAndQuery().equals("/contacts/search") || !e.requestBody().contains("\"user\"")
                        || !e.requestBody().contains("starting_after")) {
                    return e;
                }
                try {
                    String sent = TapRun.JSON.readTree(e.requestBody()).path("pagination").path("starting_after").asText();
                    ObjectNode body = (ObjectNode) TapRun.JSON.readTree(e.responseBody());
                    ((ObjectNode) body.path("pages").path("next")).put("starting_after", sent);
                    return new MeddlingProxy.Exchange(e.method(), e.pathAndQuery(), e.requestBody(), e.status(), body.toString());
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            });

            TapRun run = new TapRun.Builder(dir, proxy.baseUrl()).streams("users", "leads").config("page_size", 10).sync();

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.stderr).contains("intercom-sync: users stopped: Intercom's POST /contacts/search returned the cursor of an earlier page again after page 2");
            assertThat(run.records("users")).hasSize(20);
            assertThat(run.records("leads")).hasSize(12);
            String mark = run.lastState().path("bookmarks").path("users").path("updated_at").asText();
            assertThat(mark).isEqualTo(run.records("users").get(19).path("updated_at").asText());
        }
    }

    @Test
    void a_full_sync_through_injected_faults_retries_and_still_emits_every_record(@TempDir Path dir) throws Exception {
        try (Sandbox clean = Sandbox.builder().seedUsers(60).start();
             Sandbox faulty = Sandbox.builder().seedUsers(60).faultRate(0.3)
                     .faults(EnumSet.of(Sandbox.Fault.SERVER_ERROR, Sandbox.Fault.EMPTY_BODY, Sandbox.Fault.DROPPED_CONNECTION)).start()) {
            TapRun expected = new TapRun.Builder(dir.resolve("a").toFile().mkdirs() ? dir.resolve("a") : dir, clean.baseUrl())
                    .config("page_size", 10).sync();
            TapRun run = new TapRun.Builder(dir, faulty.baseUrl()).config("page_size", 10).sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            assertThat(faulty.stats().faults().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(3);
            assertThat(SingerChecker.check(run)).isEmpty();
            for (String s : new String[]{"users", "leads", "companies", "conversations", "conversation_parts", "tags", "admins"}) {
                Set<String> got = new HashSet<>(run.ids(s));
                assertThat(got).as(s).isEqualTo(new HashSet<>(expected.ids(s)));
            }
        }
    }

    @Test
    void searches_use_only_the_operators_intercom_accepts_on_date_fields(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(60).start();
             MeddlingProxy proxy = new MeddlingProxy(sandbox.baseUrl())) {
            java.util.List<String> operators = new java.util.concurrent.CopyOnWriteArrayList<>();
            proxy.hook(e -> {
                if (e.pathAndQuery().endsWith("/search")) {
                    try {
                        collect(TapRun.JSON.readTree(e.requestBody()).path("query"), operators);
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                }
                return e;
            });

            TapRun run = new TapRun.Builder(dir, proxy.baseUrl()).streams("users", "leads", "conversations", "conversation_parts")
                    .state("{\"bookmarks\":{\"users\":\"2026-01-01T00:00:00Z\"}}").sync();

            assertThat(run.exitCode).as(run.stderr).isZero();
            // Intercom: date fields take =, < and > only; >= and <= answer an error (the sandbox accepts them).
            assertThat(operators).isNotEmpty().allMatch(o -> o.equals("=") || o.equals("<") || o.equals(">"));
        }
    }

    private static void collect(JsonNode q, java.util.List<String> operators) {
        if (q.path("value").isArray() && (q.path("operator").asText().equals("AND") || q.path("operator").asText().equals("OR"))) {
            q.path("value").forEach(v -> collect(v, operators));
        } else if (q.path("field").asText().endsWith("_at")) {
            operators.add(q.path("operator").asText());
        }
    }

    @Test
    void a_wrong_token_fails_with_one_sentence_and_exit_code_1(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().seedUsers(10).start()) {
            TapRun run = new TapRun.Builder(dir, sandbox.baseUrl()).config("access_token", "wrong").streams("users").sync();

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.stderr).contains("intercom-sync: POST /contacts/search failed (401 unauthorized)");
            assertThat(run.stderr.lines().filter(l -> l.startsWith("intercom-sync:")).count()).isEqualTo(1);
            assertThat(run.stderr).doesNotContain("wrong\"").doesNotContain("at io.intercomsync");
        }
    }

    @Test
    void a_config_without_a_token_or_start_date_is_a_usage_error(@TempDir Path dir) throws Exception {
        TapRun noToken = new TapRun.Builder(dir, "http://127.0.0.1:9").config("access_token", "").discover();
        assertThat(noToken.exitCode).isEqualTo(2);
        assertThat(noToken.stderr).contains("intercom-sync: access_token is missing from the tap config");
        TapRun badDate = new TapRun.Builder(dir, "http://127.0.0.1:9").config("start_date", "yesterday").discover();
        assertThat(badDate.exitCode).isEqualTo(2);
        assertThat(badDate.stderr).contains("start_date 'yesterday' is not an RFC 3339 date-time");
        assertThat(badDate.stdout).as("nothing for Singer on stdout").isEmpty();
    }
}
