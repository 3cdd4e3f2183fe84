package io.intercomsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of the sandbox that lets a test change one answer: the request goes through
 * (so the sandbox applies it), then the hook may replace what the client gets. For behaviours the
 * sandbox never shows on its own: a cursor that repeats, a scroll page that fails after it was consumed,
 * an answer that arrives after the client gave up (a hook that sleeps).
 */
public final class MeddlingProxy implements AutoCloseable {
    /** {@code requestHeaders}: what the client sent, names lower-case (to echo them back, as some gateways do). */
    public record Exchange(String method, String pathAndQuery, String requestBody, int status, String responseBody,
                           Map<String, List<String>> requestHeaders) {
        public Exchange(String method, String pathAndQuery, String requestBody, int status, String responseBody) {
            this(method, pathAndQuery, requestBody, status, responseBody, Map.of());
        }

        /** The first value the client sent for this header, or null. */
        public String requestHeader(String name) {
            List<String> v = requestHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** This exchange with another answer. */
        public Exchange answer(int newStatus, String newBody) {
            return new Exchange(method, pathAndQuery, requestBody, newStatus, newBody, requestHeaders);
        }
    }

    /** Returns the answer to give: the same exchange, or a changed one. */
    public interface Hook {
        Exchange meddle(Exchange e);
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private volatile Hook hook = e -> e;

    public MeddlingProxy(String targetBaseUrl) throws IOException {
        this.target = targetBaseUrl;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        // enough threads that a hook holding answers back does not hold back the requests behind them
        server.setExecutor(Executors.newFixedThreadPool(48, r -> {
            Thread t = new Thread(r, "meddling-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public void hook(Hook h) {
        hook = h;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String pq = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + pq));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String name = h.getKey();
                if (!List.of("host", "content-length", "connection", "expect", "upgrade").contains(name.toLowerCase())) {
                    h.getValue().forEach(v -> b.header(name, v));
                }
            }
            b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> sent = new java.util.TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> sent.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            Exchange got = new Exchange(ex.getRequestMethod(), pq, new String(body, StandardCharsets.UTF_8), r.statusCode(), r.body(),
                    Map.copyOf(sent));
            Exchange give = hook.meddle(got);
            r.headers().map().forEach((k, v) -> {
                if (k.toLowerCase().startsWith("x-ratelimit") || k.equalsIgnoreCase("content-type") || k.equalsIgnoreCase("link")) {
                    v.forEach(x -> ex.getResponseHeaders().add(k, x));
                }
            });
            byte[] out = give.responseBody().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(give.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
