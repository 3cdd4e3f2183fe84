package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The sandbox's HTTP side: every exchange passes here. It checks what Intercom checks before an operation, in
 * Intercom's order (token, rate limit, Intercom-Version, route; see package-info), injects faults, runs the
 * {@link ApiRoutes} handler, answers in JSON (errors as Intercom's error.list) after the configured latency,
 * and counts what it served for {@link SandboxStats}. The /_sandbox endpoints bypass all of it but latency.
 */
final class Transport implements HttpHandler {
    private static final Pattern VERSION = Pattern.compile("2\\.(\\d|1[0-6])");

    private final Set<String> tokens;
    private final RateWindows rateWindows;
    private final FaultInjector faults;
    private final ApiRoutes routes;
    private final int latencyMs;
    private final int latencyJitterMs;
    private final ScheduledExecutorService delayer;

    private final LongAdder total = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> faultCounts = new ConcurrentHashMap<>();

    /** The delayer is the {@link Sandbox}'s, which shuts it down on close; answers wait on it, not on a worker. */
    Transport(Set<String> tokens, RateWindows rateWindows, FaultInjector faults, ApiRoutes routes,
              int latencyMs, int latencyJitterMs, ScheduledExecutorService delayer) {
        this.tokens = tokens;
        this.rateWindows = rateWindows;
        this.faults = faults;
        this.routes = routes;
        this.latencyMs = latencyMs;
        this.latencyJitterMs = latencyJitterMs;
        this.delayer = delayer;
    }

    SandboxStats stats() {
        return new SandboxStats(total.sum(), snapshot(byStatus), snapshot(byEndpoint), rateLimited.sum(),
                snapshot(faultCounts), writes.sum());
    }

    private static <K extends Comparable<K>> Map<K, Long> snapshot(Map<K, LongAdder> m) {
        Map<K, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Zeroes the stats, and the rate windows' log of what each window served (windowsServed), not their counts. */
    void resetStats() {
        total.reset();
        rateLimited.reset();
        rateWindows.clearLog();
        writes.reset();
        byStatus.clear();
        byEndpoint.clear();
        faultCounts.clear();
    }

    private void count(Map<String, LongAdder> m, String k) {
        m.computeIfAbsent(k, x -> new LongAdder()).increment();
    }

    private void countStatus(int status) {
        byStatus.computeIfAbsent(status, x -> new LongAdder()).increment();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.startsWith("/_sandbox/")) {
                internal(ex, method, path);
                return;
            }
            total.increment();
            ApiRoutes.Req req = new ApiRoutes.Req();
            ApiRoutes.Route route = routes.match(method, path.substring(1).split("/", -1), req.params);
            count(byEndpoint, route == null ? method + " ?" : route.template());

            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
            if (presented == null || !tokens.contains(presented)) {
                send(ex, 401, Json.error("unauthorized", "Access Token Invalid", null));
                return;
            }
            RateWindows.Verdict rate = rateWindows.arrive(presented, System.currentTimeMillis());
            var h = ex.getResponseHeaders();
            h.set("X-RateLimit-Limit", Integer.toString(rate.limit()));
            h.set("X-RateLimit-Remaining", Integer.toString(rate.remaining()));
            if (rate.resetEpochSeconds() != null) {
                h.set("X-RateLimit-Reset", Long.toString(rate.resetEpochSeconds()));
            }
            if (rate.refused()) {
                rateLimited.increment();
                send(ex, 429, Json.error("rate_limit_exceeded", rate.byWorkspace()
                        ? "Exceeded the workspace's rate limit in 10_seconds"
                        : "Exceeded rate limit of " + rate.limit() + " in 10_seconds", null));
                return;
            }
            String version = ex.getRequestHeaders().getFirst("Intercom-Version");
            if (version != null && !VERSION.matcher(version.trim()).matches()) {
                send(ex, 400, Json.error("intercom_version_invalid", "The requested version " + version
                        + " is not valid. Supported versions are 2.0 to 2.16", null));
                return;
            }
            if (route == null) {
                send(ex, 404, Json.error("not_found", "Resource Not Found", null));
                return;
            }
            req.query = ApiRoutes.parseQuery(ex.getRequestURI().getRawQuery());
            req.body = body;
            Sandbox.Fault fault = faults.pick(route.template());
            if (fault != null) {
                count(faultCounts, fault.name());
            }
            if (fault == Sandbox.Fault.SERVER_ERROR) {
                int status = faults.serverErrorStatus();
                send(ex, status, Json.error(status == 503 ? "service_unavailable" : "server_error",
                        status == 503 ? "Service Unavailable" : "Server Error", null));
                return;
            }
            if (fault == Sandbox.Fault.DROPPED_CONNECTION) {
                countStatus(0);
                deliver(ex, ex::close); // no response headers sent: the JDK server closes the connection
                return;
            }
            if (fault == Sandbox.Fault.EMPTY_BODY) {
                countStatus(200);
                h.set("Content-Type", "application/json; charset=utf-8");
                deliver(ex, () -> {
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                });
                return;
            }
            Workspace.resetWrote();
            JsonNode result = null;
            ApiError error = null;
            try {
                result = route.handler().handle(req);
            } catch (ApiError e) {
                error = e;
            }
            if (Workspace.wrote()) {
                writes.increment();
            }
            if (fault == Sandbox.Fault.APPLIED_THEN_FAILED) {
                send(ex, 500, Json.error("server_error", "Server Error", null));
            } else if (error != null) {
                if (error.link != null) {
                    h.set("Link", error.link);
                }
                send(ex, error.status, Json.error(error.code, error.getMessage(), error.field));
            } else {
                send(ex, 200, result);
            }
        } catch (RuntimeException | IOException e) {
            try {
                send(ex, 500, Json.error("server_error", "Sandbox failure: " + e, null));
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }

    private void internal(HttpExchange ex, String method, String path) throws IOException {
        if (path.equals("/_sandbox/stats") && method.equals("GET")) {
            writeJson(ex, 200, Json.MAPPER.valueToTree(stats()));
        } else if (path.equals("/_sandbox/reset") && method.equals("POST")) {
            resetStats();
            writeJson(ex, 200, Json.MAPPER.valueToTree(stats()));
        } else {
            writeJson(ex, 404, Json.error("not_found", "Resource Not Found", null));
        }
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        countStatus(status);
        writeJson(ex, status, body);
    }

    private void writeJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        deliver(ex, () -> {
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /**
     * Sends now, or after the configured latency from a timer thread: the request's worker is free
     * meanwhile, so latency does not cap throughput at (threads / latency).
     */
    private void deliver(HttpExchange ex, IoAction action) throws IOException {
        int delay = latencyMs + (latencyJitterMs > 0 ? ThreadLocalRandom.current().nextInt(latencyJitterMs + 1) : 0);
        if (delay <= 0) {
            action.run();
            return;
        }
        try {
            delayer.schedule(() -> {
                try {
                    action.run();
                } catch (IOException | RuntimeException e) {
                    ex.close();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            ex.close(); // closing down
        }
    }
}
