package io.intercomsync.watch;

import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.report.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's figures for Prometheus ({@code /observe/metrics}): rows by outcome, API calls, 429s,
 * retries and runs by status, counted as each file's run ends; the rate-limit headroom, allowance and
 * in-flight target the governor sees now, and the share of the allowance the last run used; and when a run
 * last succeeded.
 */
public final class RunMetrics {
    private final MeterRegistry registry;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final AtomicLong lastAllowanceUsedPermille = new AtomicLong(-1000);

    public RunMetrics(MeterRegistry registry, RateLimitGovernor governor) {
        this.registry = registry;
        Gauge.builder("intercom.sync.rate.limit.headroom", governor, g -> g.headroom())
                .description("Calls left in the current rate-limit window as far as this process knows (-1: unknown)")
                .register(registry);
        Gauge.builder("intercom.sync.rate.limit.allowance", governor, g -> g.pacing().allowancePerWindow())
                .description("Calls per 10-second window the rate-limit headers report (-1: none seen)")
                .register(registry);
        Gauge.builder("intercom.sync.in.flight.target", governor, g -> g.pacing().inFlightTarget())
                .description("Requests in flight the pacing aims for now: allowance and latency by Little's law, with headroom")
                .register(registry);
        Gauge.builder("intercom.sync.rate.limit.used", lastAllowanceUsedPermille, a -> a.get() / 1000.0)
                .description("Share of the allowance the last run used over its full windows (-1: no full window)")
                .register(registry);
        Gauge.builder("intercom.sync.last.success", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When a run last finished (epoch seconds; 0: not yet)")
                .baseUnit("seconds")
                .register(registry);
    }

    public void record(RunReport report) {
        rows("created", report.created());
        rows("updated", report.updated());
        rows("unchanged", report.unchanged());
        rows("skipped", report.skipped());
        rows("failed", report.failed());
        count("intercom.sync.api.calls", "Calls made to Intercom", report.apiCalls());
        count("intercom.sync.rate.limited", "Calls Intercom answered 429", report.rateLimited());
        count("intercom.sync.retries", "Calls sent again after a retryable failure", report.retries());
        if (report.allowanceUsed() != null) {
            lastAllowanceUsedPermille.set(Math.round(report.allowanceUsed() * 1000));
        }
        Counter.builder("intercom.sync.runs").description("Runs by how they ended").tag("status", report.status())
                .register(registry).increment();
        if (!RunReport.FAILED.equals(report.status()) && report.finishedAt() != null) {
            lastSuccessEpochSeconds.set(Instant.parse(report.finishedAt()).getEpochSecond());
        }
    }

    private void rows(String outcome, long n) {
        Counter.builder("intercom.sync.rows").description("CSV rows by outcome").tag("outcome", outcome)
                .register(registry).increment(n);
    }

    private void count(String name, String description, long n) {
        Counter.builder(name).description(description).register(registry).increment(n);
    }
}
