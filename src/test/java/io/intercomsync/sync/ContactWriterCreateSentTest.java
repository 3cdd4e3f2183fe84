package io.intercomsync.sync;

import com.sun.net.httpserver.HttpServer;
import io.intercomsync.intercom.ApiCallListener;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.intercom.RateLimitedException;
import io.intercomsync.intercom.ServerErrorException;
import io.intercomsync.mapping.ContactKey;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A create that failed is marked "may have landed" (so a 409 on the retry counts the row created, not
 * updated) only when it may have: a 5xx may have been applied, a 429 never is. Found by the
 * all-faults run of ImportUnderFaultsTest: in a 429 storm, rows of contacts that existed before the
 * run were reported created.
 */
class ContactWriterCreateSentTest {

    private static boolean markedAfterAnswer(int status, String code, Class<? extends Throwable> expected) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"type\":\"error.list\",\"errors\":[{\"code\":\"" + code + "\",\"message\":\"no\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-RateLimit-Limit", "1000");
            ex.getResponseHeaders().add("X-RateLimit-Remaining", "999");
            ex.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000));
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            IntercomClient client = new IntercomClient(new IntercomSettings(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "tok", "2.16",
                    Duration.ofSeconds(5), Duration.ofSeconds(5)), new RateLimitGovernor(), ApiCallListener.NONE);
            AtomicBoolean marked = new AtomicBoolean();
            assertThatThrownBy(() -> new ContactWriter(client).write(new ContactKey(null, "u-1", null),
                    Map.of("role", "user", "external_id", "u-1"), null, false, () -> marked.set(true)))
                    .isInstanceOf(expected);
            return marked.get();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCreateAnswered5xxIsMarkedAsMaybeLanded() throws Exception {
        assertThat(markedAfterAnswer(503, "service_unavailable", ServerErrorException.class)).isTrue();
    }

    @Test
    void aCreateAnswered429IsNotMarkedForIntercomAppliedNothing() throws Exception {
        assertThat(markedAfterAnswer(429, "rate_limit_exceeded", RateLimitedException.class)).isFalse();
    }
}
