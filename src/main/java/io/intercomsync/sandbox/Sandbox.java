package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Intercom-compatible API server (Intercom API 2.16): contacts, companies, data attributes,
 * admins, teams, tags, segments and conversations, with Intercom's auth, versioning, rate limiting,
 * conflicts, search lag and injected faults. Built on the JDK's HTTP server; state is in memory.
 *
 * <p>This class is the builder, the lifecycle (server, worker and latency threads) and the inspection API
 * tests use. A request's path through the server is in {@link Transport} (auth, rate limit, version, faults,
 * latency, stats), the table of endpoints in {@link ApiRoutes}, and the operations in {@link Workspace} and
 * its parts.
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

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService delayer;
    private final RateWindows rateWindows;
    private final FaultInjector faults;
    private final Workspace ws;
    private final Transport transport;
    private final CountDownLatch closed = new CountDownLatch(1);

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
        private final Set<String> otherTokens = new LinkedHashSet<>();
        private double faultRate;
        private Set<Fault> faults = EnumSet.allOf(Fault.class);
        private Set<String> faultEndpoints = Set.of();
        private int seedUsers;
        private long searchLagMs;
        private long randomSeed = 42;
        private Duration cursorMaxAge = Duration.ofMinutes(1);

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
            this.resetHeader = RateWindows.ResetHeader.valueOf(mode.toUpperCase(Locale.ROOT));
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

        /**
         * A starting_after cursor (GET /contacts, GET /conversations, both searches) this old is refused with
         * 400, as Intercom refuses an expired one; default one minute (Intercom documents no lifetime for
         * these; its company scroll's is a minute). {@link Duration#ZERO}: every cursor is refused.
         */
        public Builder cursorMaxAge(Duration age) {
            if (age.isNegative()) {
                throw new IllegalArgumentException("cursorMaxAge must not be negative: " + age);
            }
            this.cursorMaxAge = age;
            return this;
        }

        public Sandbox start() throws IOException {
            return new Sandbox(this);
        }
    }

    private Sandbox(Builder b) throws IOException {
        Set<String> accepted = new LinkedHashSet<>(b.otherTokens);
        accepted.add(b.token);
        this.rateWindows = new RateWindows(b.rateLimit, b.workspaceRateLimit, b.windowPhaseMs, b.resetHeader);
        // Rejects a faultRate outside 0..1 before the workspace is seeded or a thread or port is taken.
        this.faults = new FaultInjector(b.faultRate, b.faults, b.faultEndpoints, b.randomSeed);
        this.ws = new Workspace(Workspace.hexId(0x5a4db0c5, b.randomSeed).substring(16));
        this.ws.searchLagMs = b.searchLagMs;
        this.ws.cursorMaxAgeMs = b.cursorMaxAge.toMillis();
        new Seeder(ws, b.randomSeed).seed(b.seedUsers);
        ApiRoutes routes = new ApiRoutes(ws, new Tagging(ws));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 1024);
        int threads = Math.max(32, Runtime.getRuntime().availableProcessors() * 16);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        this.delayer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sandbox-latency-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.transport = new Transport(Set.copyOf(accepted), rateWindows, faults, routes,
                b.latencyMs, Math.max(0, b.latencyJitterMs), delayer);
        server.createContext("/", transport);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public void setFaultRate(double f) {
        faults.rate(f);
    }

    public void setRateLimit(int perWindow) {
        rateWindows.appLimit(perWindow);
    }

    /** What each rate-limit window served this token, by the window's start (epoch ms): {accepted, refused}. */
    public NavigableMap<Long, long[]> windowsServed(String token) {
        return rateWindows.served(token);
    }

    /**
     * Every starting_after cursor issued until now is refused from now on (400, as Intercom refuses an expired
     * one): what a listing stopped for longer than a cursor lives meets when it resumes, without the wait.
     */
    public void expireCursors() {
        ws.expireCursors();
    }

    public void setSearchLagMs(long ms) {
        ws.searchLagMs = ms;
    }

    public SandboxStats stats() {
        return transport.stats();
    }

    public void resetStats() {
        transport.resetStats();
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
}
