package io.intercomsync.sync;

import com.sun.net.httpserver.HttpServer;
import io.intercomsync.intercom.ApiCallListener;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.mapping.ContactKey;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contact the ledger knows by an id that was merged into another since (410 contact_merged, API
 * 2.16): the sandbox does not merge contacts, so a stub answers as Intercom documents.
 */
class ContactWriterMergedTest {
    @Test
    void aKnownIdMergedIntoAnotherContactUpdatesTheSurvivorNamedByTheLinkHeader() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            calls.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            byte[] body;
            int status;
            if (ex.getRequestURI().getPath().equals("/contacts/old-id")) {
                status = 410;
                ex.getResponseHeaders().add("Link", "<https://api.intercom.io/contacts/survivor-id>; rel=\"successor\"");
                body = "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"merged\"}]}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = "{\"type\":\"contact\",\"id\":\"survivor-id\"}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            IntercomClient client = new IntercomClient(new IntercomSettings(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "tok", "2.16",
                    Duration.ofSeconds(5), Duration.ofSeconds(5)), new RateLimitGovernor(), ApiCallListener.NONE);

            ContactWriter.Written w = new ContactWriter(client).write(new ContactKey(null, "u-1", null),
                    Map.of("role", "user", "external_id", "u-1"), "old-id", false, () -> { });

            assertThat(w.outcome()).isEqualTo(Outcome.UPDATED);
            assertThat(w.contactId()).isEqualTo("survivor-id");
            assertThat(calls).containsExactly("PUT /contacts/old-id", "PUT /contacts/survivor-id");
        } finally {
            server.stop(0);
        }
    }
}
