package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A local Intercom-compatible API server (Intercom API 2.16): contacts, companies, data attributes,
 * admins, teams, tags, segments and conversations, with Intercom's auth, versioning, rate limiting,
 * conflicts, search lag and injected faults. Built on the JDK's HTTP server; state is in memory.
 */
public final class Sandbox implements AutoCloseable {
    static {
        // Without TCP_NODELAY, keep-alive clients stall on Nagle + delayed ACK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Kinds of injected failures. */
    public enum Fault {
        /** 500, 502 or 503 with an error.list body; nothing is applied. */
        SERVER_ERROR,
        /** The request is applied, then answered with 500. */
        APPLIED_THEN_FAILED,
        /** The connection is closed without an answer; nothing is applied. */
        DROPPED_CONNECTION,
        /** 200 with an empty body; nothing is applied. */
        EMPTY_BODY
    }

    private static final Pattern VERSION = Pattern.compile("2\\.(\\d|1[0-6])");
    private static final int[] SERVER_ERROR_STATUSES = {500, 502, 503};

    private final HttpServer server;
    private final ExecutorService executor;
    private final java.util.concurrent.ScheduledExecutorService delayer;
    private final Set<String> tokens;
    private final int latencyMs;
    private final int latencyJitterMs;
    private final RateWindows rateWindows;
    private volatile double faultRate;
    private final List<Fault> faults;
    private final Set<String> faultEndpoints; // empty: every endpoint
    private final Random random;
    private final Workspace ws;
    private final Tagging tagging;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Route> routes = new ArrayList<>();

    private final LongAdder total = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> faultCounts = new ConcurrentHashMap<>();

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link Sandbox}. */
    public static final class Builder {
        private int port;
        private String token = "sandbox-token";
        private int latencyMs;
        private int latencyJitterMs;
        private int rateLimit = 1666;
        private int workspaceRateLimit;
        private long windowPhaseMs;
        private RateWindows.ResetHeader resetHeader = RateWindows.ResetHeader.EXACT;
        private final Set<String> otherTokens = new java.util.LinkedHashSet<>();
        private double faultRate;
        private Set<Fault> faults = EnumSet.allOf(Fault.class);
        private Set<String> faultEndpoints = Set.of();
        private int seedUsers;
        private long searchLagMs;
        private long randomSeed = 42;

        private Builder() {
        }

        /** 0 (default) picks a free port. */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** The accepted bearer token; default "sandbox-token". */
        public Builder token(String t) {
            this.token = t;
            return this;
        }

        /** Added to every response; default 0. */
        public Builder latencyMs(int ms) {
            this.latencyMs = ms;
            return this;
        }

        /** A random extra 0..ms on top of latencyMs per response, as real networks vary; default 0. */
        public Builder latencyJitterMs(int ms) {
            this.latencyJitterMs = ms;
            return this;
        }

        /** Calls per 10-second window per token; default 1666; 0 = unlimited. */
        public Builder rateLimit(int perWindow) {
            this.rateLimit = perWindow;
            return this;
        }

        /** Calls per 10-second window for every app (token) of the workspace together; default 0 = none. */
        public Builder workspaceRateLimit(int perWindow) {
            this.workspaceRateLimit = perWindow;
            return this;
        }

        /** Where windows begin: this many ms past each multiple of 10 s (Intercom's need not align); default 0. */
        public Builder windowPhaseMs(long ms) {
            this.windowPhaseMs = ms;
            return this;
        }

        /** X-RateLimit-Reset: "exact" (whole seconds, rounded up; default), "late" (up to 2 s more) or "absent". */
        public Builder resetHeader(String mode) {
            this.resetHeader = RateWindows.ResetHeader.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
            return this;
        }

        /** Another app's token in the same workspace: its own app rate limit, the workspace's shared. */
        public Builder otherAppToken(String t) {
            this.otherTokens.add(t);
            return this;
        }

        /** Share of authenticated API requests that fault, 0..1; default 0. */
        public Builder faultRate(double f) {
            this.faultRate = f;
            return this;
        }

        /** Only these endpoints get faults (as the stats name them: {@code "POST /contacts/{id}/tags"}); default all. */
        public Builder faultEndpoints(Set<String> endpoints) {
            this.faultEndpoints = Set.copyOf(endpoints);
            return this;
        }

        /** Which faults may be injected; default all. */
        public Builder faults(Set<Fault> kinds) {
            this.faults = kinds.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(kinds);
            return this;
        }

        /** A deterministic realistic workspace with n users (0 = empty, default). */
        public Builder seedUsers(int n) {
            this.seedUsers = n;
            return this;
        }

        /** Contacts search sees writes only after this lag; default 0. */
        public Builder searchLagMs(long ms) {
            this.searchLagMs = ms;
            return this;
        }

        /** Seed of fault choice and workspace seeding; default 42. */
        public Builder randomSeed(long s) {
            this.randomSeed = s;
            return this;
        }

        public Sandbox start() throws IOException {
            return new Sandbox(this);
        }
    }

    private Sandbox(Builder b) throws IOException {
        if (b.faultRate < 0 || b.faultRate > 1) {
            throw new IllegalArgumentException("faultRate must be within 0..1");
        }
        Set<String> accepted = new java.util.LinkedHashSet<>(b.otherTokens);
        accepted.add(b.token);
        this.tokens = Set.copyOf(accepted);
        this.latencyMs = b.latencyMs;
        this.latencyJitterMs = Math.max(0, b.latencyJitterMs);
        this.rateWindows = new RateWindows(b.rateLimit, b.workspaceRateLimit, b.windowPhaseMs, b.resetHeader);
        this.faultRate = b.faultRate;
        this.faults = new ArrayList<>(b.faults);
        this.faultEndpoints = b.faultEndpoints;
        this.random = new Random(b.randomSeed);
        this.ws = new Workspace(Workspace.hexId(0x5a4db0c5, b.randomSeed).substring(16));
        this.ws.searchLagMs = b.searchLagMs;
        this.tagging = new Tagging(ws);
        new Seeder(ws, b.randomSeed).seed(b.seedUsers);
        registerRoutes();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 1024);
        int threads = Math.max(32, Runtime.getRuntime().availableProcessors() * 16);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        this.delayer = java.util.concurrent.Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sandbox-latency-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public void setFaultRate(double f) {
        if (f < 0 || f > 1) {
            throw new IllegalArgumentException("faultRate must be within 0..1");
        }
        this.faultRate = f;
    }

    public void setRateLimit(int perWindow) {
        rateWindows.appLimit(perWindow);
    }

    /** What each rate-limit window served this token, by the window's start (epoch ms): {accepted, refused}. */
    public java.util.NavigableMap<Long, long[]> windowsServed(String token) {
        return rateWindows.served(token);
    }

    public void setSearchLagMs(long ms) {
        ws.searchLagMs = ms;
    }

    public SandboxStats stats() {
        return new SandboxStats(total.sum(), snapshot(byStatus), snapshot(byEndpoint), rateLimited.sum(),
                snapshot(faultCounts), writes.sum());
    }

    private static <K extends Comparable<K>> Map<K, Long> snapshot(Map<K, LongAdder> m) {
        Map<K, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void resetStats() {
        total.reset();
        rateLimited.reset();
        rateWindows.clearLog();
        writes.reset();
        byStatus.clear();
        byEndpoint.clear();
        faultCounts.clear();
    }

    public List<ObjectNode> contacts() {
        return ws.allContacts();
    }

    public Optional<ObjectNode> contactByExternalId(String externalId) {
        return ws.contactByExternalIdForTest(externalId);
    }

    /** The names of the tags on the contact with this external_id (none when there is no such contact). */
    public List<String> tagNames(String externalId) {
        return ws.tagNamesForTest(externalId);
    }

    public boolean isArchived(String externalId) {
        return ws.archivedForTest(externalId);
    }

    public List<ObjectNode> companies() {
        return ws.allCompanies();
    }

    public List<ObjectNode> dataAttributes(String model) {
        return ws.attributeList(model);
    }

    public List<String> companyIdsOfContact(String contactId) {
        return ws.companies.idsOfContact(contactId);
    }

    public void archiveContact(String id) {
        ws.contacts.archive(id, true);
    }

    public void deleteContact(String id) {
        ws.contacts.delete(id);
    }

    /** For tests in this package. */
    Workspace workspace() {
        return ws;
    }

    /** Blocks until {@link #close()} is called. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        delayer.shutdownNow();
        closed.countDown();
    }

    // ------------------------------------------------------------------ HTTP

    private interface Handler {
        JsonNode handle(Req r) throws IOException;
    }

    private record Route(String method, String[] segments, String template, Handler handler) {
    }

    private static final class Req {
        final Map<String, String> params = new HashMap<>();
        Map<String, String> query;
        byte[] body;

        JsonNode json() {
            if (body.length == 0) {
                return Json.obj();
            }
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new ApiError(400, "parameter_invalid", "The request body is not valid JSON");
            }
        }

        String q(String name) {
            return query.get(name);
        }

        int intQ(String name, int dflt, int max) {
            String v = query.get(name);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ApiError(400, "parameter_invalid", name + " must be an integer", name);
            }
            if (n < 1 || n > max) {
                throw new ApiError(400, "parameter_invalid", name + " must be between 1 and " + max, name);
            }
            return n;
        }
    }

    private void route(String method, String template, Handler h) {
        routes.add(new Route(method, template.substring(1).split("/"), method + " " + template, h));
    }

    private void registerRoutes() {
        route("GET", "/me", r -> ws.me("Sandbox workspace"));
        route("GET", "/admins", r -> ws.listAdmins());
        route("GET", "/admins/{id}", r -> ws.getAdmin(r.params.get("id")));
        route("GET", "/teams", r -> ws.listTeams());
        route("GET", "/tags", r -> ws.listTags());
        route("POST", "/tags", r -> tagging.createOrUpdate(r.json()));
        route("GET", "/segments", r -> ws.listSegments("true".equals(r.q("include_count")), "company".equals(r.q("type"))));
        route("GET", "/data_attributes", r -> {
            String model = r.q("model");
            if (model != null && !model.equals("contact") && !model.equals("company")) {
                throw new ApiError(422, "parameter_invalid", "model=" + model + " is not supported; use contact or company", "model");
            }
            return ws.attributes.list(model);
        });
        route("POST", "/data_attributes", r -> ws.attributes.create(r.json()));
        route("POST", "/contacts/search", r -> {
            SearchRequest s = SearchRequest.of(r.json(), 50);
            return ws.contacts.search(s.query(), s.sortField(), s.descending(), s.perPage(), s.startingAfter(), true);
        });
        route("POST", "/contacts/merge", r -> ws.contacts.merge(r.json()));
        route("GET", "/contacts/find_by_external_id/{external_id}", r -> ws.contacts.showByExternalId(r.params.get("external_id")));
        route("POST", "/contacts", r -> ws.contacts.create(r.json()));
        route("GET", "/contacts", r -> {
            int perPage = r.intQ("per_page", 50, 150);
            return ws.contacts.search(null, null, false, perPage, r.q("starting_after"), false);
        });
        route("GET", "/contacts/{id}", r -> ws.contacts.show(r.params.get("id")));
        route("PUT", "/contacts/{id}", r -> ws.contacts.update(r.params.get("id"), r.json()));
        route("DELETE", "/contacts/{id}", r -> ws.contacts.delete(r.params.get("id")));
        route("POST", "/contacts/{id}/archive", r -> ws.contacts.archive(r.params.get("id"), true));
        route("POST", "/contacts/{id}/unarchive", r -> ws.contacts.archive(r.params.get("id"), false));
        route("GET", "/contacts/{id}/companies", r -> ws.companies.ofContact(r.params.get("id")));
        route("POST", "/contacts/{id}/companies", r -> ws.companies.attach(r.params.get("id"), r.json()));
        route("DELETE", "/contacts/{id}/companies/{company_id}", r -> ws.companies.detach(r.params.get("id"), r.params.get("company_id")));
        route("GET", "/contacts/{id}/tags", r -> ws.contacts.tags(r.params.get("id")));
        route("POST", "/contacts/{id}/tags", r -> tagging.tagContact(r.params.get("id"), r.json()));
        route("DELETE", "/contacts/{id}/tags/{tag_id}", r -> tagging.untagContact(r.params.get("id"), r.params.get("tag_id")));
        route("POST", "/companies", r -> ws.companies.createOrUpdate(r.json()));
        route("GET", "/companies/scroll", r -> ws.companies.scroll(r.q("scroll_param")));
        route("GET", "/companies", r -> ws.companies.list(r.q("company_id"), r.q("name"), r.q("tag_id"), r.q("segment_id"),
                r.intQ("page", 1, Integer.MAX_VALUE), r.intQ("per_page", 15, 60)));
        route("POST", "/companies/list", r -> ws.companies.list(null, null, null, null,
                r.intQ("page", 1, Integer.MAX_VALUE), r.intQ("per_page", 15, 60)));
        route("GET", "/companies/{id}", r -> ws.companies.show(r.params.get("id")));
        route("GET", "/companies/{id}/contacts", r -> ws.companies.contactsOf(r.params.get("id"),
                r.intQ("page", 1, Integer.MAX_VALUE), r.intQ("per_page", 50, 150)));
        route("GET", "/conversations", r -> ws.conversations.list(null, "updated_at", true,
                r.intQ("per_page", 20, 150), r.q("starting_after")));
        route("POST", "/conversations/search", r -> {
            SearchRequest s = SearchRequest.of(r.json(), 20);
            return ws.conversations.list(s.query(), s.sortField(), s.descending(), s.perPage(), s.startingAfter());
        });
        route("GET", "/conversations/{id}", r -> ws.conversations.show(r.params.get("id")));
    }

    private Route match(String method, String[] segs, Map<String, String> params) {
        for (Route r : routes) {
            if (!r.method.equals(method) || r.segments.length != segs.length) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < segs.length && ok; i++) {
                String t = r.segments[i];
                ok = t.startsWith("{") ? !segs[i].isEmpty() : t.equals(segs[i]);
            }
            if (ok) {
                for (int i = 0; i < segs.length; i++) {
                    String t = r.segments[i];
                    if (t.startsWith("{")) {
                        params.put(t.substring(1, t.length() - 1), URLDecoder.decode(segs[i], StandardCharsets.UTF_8));
                    }
                }
                return r;
            }
        }
        return null;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    private void count(Map<String, LongAdder> m, String k) {
        m.computeIfAbsent(k, x -> new LongAdder()).increment();
    }

    private void countStatus(int status) {
        byStatus.computeIfAbsent(status, x -> new LongAdder()).increment();
    }

    private Fault pickFault(String endpoint) {
        double rate = faultRate;
        if (rate <= 0 || faults.isEmpty() || !(faultEndpoints.isEmpty() || faultEndpoints.contains(endpoint))) {
            return null;
        }
        synchronized (random) {
            if (random.nextDouble() >= rate) {
                return null;
            }
            return faults.get(random.nextInt(faults.size()));
        }
    }

    private void handle(HttpExchange ex) throws IOException {
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
            Req req = new Req();
            Route route = match(method, path.substring(1).split("/", -1), req.params);
            count(byEndpoint, route == null ? method + " ?" : route.template);

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
            req.query = parseQuery(ex.getRequestURI().getRawQuery());
            req.body = body;
            Fault fault = pickFault(route.template);
            if (fault != null) {
                count(faultCounts, fault.name());
            }
            if (fault == Fault.SERVER_ERROR) {
                int status;
                synchronized (random) {
                    status = SERVER_ERROR_STATUSES[random.nextInt(SERVER_ERROR_STATUSES.length)];
                }
                send(ex, status, Json.error(status == 503 ? "service_unavailable" : "server_error",
                        status == 503 ? "Service Unavailable" : "Server Error", null));
                return;
            }
            if (fault == Fault.DROPPED_CONNECTION) {
                countStatus(0);
                deliver(ex, ex::close); // no response headers sent: the JDK server closes the connection
                return;
            }
            if (fault == Fault.EMPTY_BODY) {
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
                result = route.handler.handle(req);
            } catch (ApiError e) {
                error = e;
            }
            if (Workspace.wrote()) {
                writes.increment();
            }
            if (fault == Fault.APPLIED_THEN_FAILED) {
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
        int delay = latencyMs + (latencyJitterMs > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextInt(latencyJitterMs + 1) : 0);
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ex.close(); // closing down
        }
    }
}
