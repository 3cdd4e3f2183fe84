package io.intercomsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A local HTTP receiver standing in for a third-party service (Slack, HipChat, any webhook): it records
 * every request (method, path with query, headers, body) and answers what the test says, including
 * not answering at all. Loopback only, on a free port.
 *
 * <pre>{@code
 * try (RecordingHttpServer slack = RecordingHttpServer.start()) {
 *     slack.answer(200, "ok");
 *     ... point the code at slack.url() + "/services/T0/B0/x" ...
 *     assertThat(slack.requests()).singleElement().satisfies(r -> assertThat(r.json()).contains("danger"));
 * }
 * }</pre>
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as the far side saw it. Header names are lower-case. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What to answer: a status and a body; {@link #HANG} never answers (until the server closes). */
    public record Response(int status, String body) {
    }

    public static final Response HANG = new Response(-1, null);

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-http-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<Request, Response> responder = r -> new Response(200, "ok");

    private RecordingHttpServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingHttpServer start() {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecordingHttpServer r = new RecordingHttpServer(s);
        s.createContext("/", r::handle);
        s.setExecutor(r.pool);
        s.start();
        return r;
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** A loopback URL where nothing listens: connections are refused. */
    public static String refusingUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request with this status and body (the default is 200 "ok"). */
    public RecordingHttpServer answer(int status, String body) {
        responder = r -> new Response(status, body);
        return this;
    }

    /** Accepts connections and reads requests, but never answers. */
    public RecordingHttpServer hang() {
        responder = r -> HANG;
        return this;
    }

    /** Answers each request as {@code f} decides. */
    public RecordingHttpServer answer(Function<Request, Response> f) {
        responder = f;
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} requests arrived; returns them. Fails after {@code timeout}. */
    public List<Request> await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " requests within " + timeout + ", got " + requests);
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
                    Map.copyOf(headers), body);
            synchronized (requests) {
                requests.add(r);
                requests.notifyAll();
            }
            Response answer = responder.apply(r);
            if (answer == HANG) {
                closing.await();
                return;
            }
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "RecordingHttpServer[" + url() + ", " + requests().size() + " requests]";
    }
}
