package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A token revoked in the middle of a file: the run must fail, not end "succeeded" with part of the file. */
class ImportTokenRevokedTest {

    @Test
    void aTokenRevokedMidFileFailsTheRunInsteadOfReportingAPartialFileAsSucceeded(@TempDir Path dir) throws Exception {
        Sandbox first = Sandbox.builder().rateLimit(0).latencyMs(1).start();
        int port = first.port();
        ImportFixture f = new ImportFixture(dir, first, "sandbox-token");
        StringBuilder csv = new StringBuilder("external_id,email,name\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("t").append(i).append(",t").append(i).append("@example.com,T ").append(i).append('\n');
        }
        f.inboxFile("users_20261001T090000.csv", csv.toString());
        CompletableFuture<ImportFixture.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return f.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Sandbox second = null;
        try {
            // once some rows are written, the workspace stops accepting the token (revoked)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (first.stats() == null || callsOf(first) < 500) {
                assertThat(System.nanoTime()).isLessThan(until);
                Thread.sleep(5);
            }
            first.close();
            second = Sandbox.builder().port(port).rateLimit(0).token("another-token").start();
            ImportFixture.Result result = run.get(60, TimeUnit.SECONDS);
            JsonNode report = f.report();
            ImportFixture.assertReportAddsUp(report);
            assertThat(report.get("rows").asLong()).isLessThan(20_000); // the run did stop early
            assertThat(report.get("status").asText()).isNotEqualTo("succeeded");
            assertThat(result.exitCode()).isEqualTo(1);
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    private static long callsOf(Sandbox s) {
        return s.stats().totalRequests();
    }
}
