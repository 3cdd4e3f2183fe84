package io.intercomsync.intercom;

import io.intercomsync.testing.RecordingHttpServer;
import io.intercomsync.testing.RecordingHttpServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a real local server that records what it received. */
class IntercomClientTest {
    private static final String TOKEN = "tok-client-test-91";
    private final RecordingHttpServer server = RecordingHttpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private IntercomClient client(String url, Duration timeout) {
        return new IntercomClient(new IntercomSettings(URI.create(url), TOKEN, "2.16", Duration.ofSeconds(2), timeout, "my-pipeline/1.0"),
                new RateLimitGovernor(), ApiCallListener.NONE);
    }

    private IntercomClient client() {
        return client(server.url(), Duration.ofSeconds(5));
    }

    @Test
    void sendsTheTokenVersionUserAgentAndJsonBodyIntercomExpects() {
        server.answer(200, "{\"type\":\"contact\",\"id\":\"c1\"}");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", "user");
        body.put("external_id", "u-1");
        body.put("custom_attributes", Map.of("seats", 3));

        assertThat(client().createContact(body).id()).isEqualTo("c1");

        RecordingHttpServer.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/contacts");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("Intercom-Version")).isEqualTo("2.16");
        assertThat(r.header("Accept")).isEqualTo("application/json");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("User-Agent")).isEqualTo("my-pipeline/1.0");
        assertThat(r.body()).isEqualTo("{\"role\":\"user\",\"external_id\":\"u-1\",\"custom_attributes\":{\"seats\":3}}");
    }

    @Test
    void addressesContactsAndCompaniesByEncodedIdAndSendsTheCompanyIdToAttach() {
        server.answer(200, "{\"type\":\"company\",\"id\":\"co 9\"}");
        IntercomClient c = client();
        c.updateContact("abc/1", Map.of("name", "X"));
        c.attachCompany("abc", "co 9");
        List<RecordingHttpServer.Request> rs = server.requests();
        assertThat(rs.get(0).method()).isEqualTo("PUT");
        assertThat(rs.get(0).path()).isEqualTo("/contacts/abc%2F1");
        assertThat(rs.get(1).path()).isEqualTo("/contacts/abc/companies");
        assertThat(rs.get(1).body()).isEqualTo("{\"id\":\"co 9\"}");
    }

    private static String errorList(String code, String message) {
        return "{\"type\":\"error.list\",\"request_id\":null,\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    }

    @Test
    void mapsEachFailureToItsOwnExceptionType() {
        // A fresh client per case: after a 429 without a reset header, a client rightly waits a whole window.
        Map<String, Object> body = Map.of("email", "a@example.com");

        server.answer(409, errorList("conflict", "A contact matching those details already exists with id=5f00aa"));
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.existingId()).isEqualTo("5f00aa"));

        server.answer(400, "{\"type\":\"error.list\",\"errors\":[{\"code\":\"parameter_invalid\",\"message\":\"Custom attribute 'plan' does not exist\",\"field\":\"plan\"}]}");
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.code()).isEqualTo("parameter_invalid");
            assertThat(e.field()).isEqualTo("plan");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).isEqualTo("POST /contacts failed (400 parameter_invalid): Custom attribute 'plan' does not exist");
        });

        server.answer(404, errorList("not_found", "User Not Found"));
        assertThatThrownBy(() -> client().updateContact("x", body)).isInstanceOf(NotFoundException.class);

        server.answer(429, errorList("rate_limit_exceeded", "Exceeded rate limit of 167 in 10_seconds"));
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOf(RateLimitedException.class)
                .matches(e -> ((IntercomException) e).isRetryable());

        server.answer(503, "<html>Service Unavailable</html>");
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOf(ServerErrorException.class)
                .hasMessage("POST /contacts failed (503)");

        server.answer(200, "");
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOf(EmptyResponseException.class);
        server.answer(200, "{\"type\":\"contact\",\"id\":\"c");
        assertThatThrownBy(() -> client().createContact(body)).isInstanceOf(EmptyResponseException.class).hasMessageContaining("not complete JSON");

        server.answer(401, errorList("unauthorized", "Access Token Invalid"));
        assertThatThrownBy(() -> client().me()).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("check intercom.access-token").hasMessageNotContaining(TOKEN);
    }

    @Test
    void noAnswerAtAllIsARetryableTransportFailure() {
        assertThatThrownBy(() -> client(RecordingHttpServer.refusingUrl(), Duration.ofSeconds(2)).me())
                .isInstanceOf(TransportException.class).hasMessageContaining("connection refused");
        server.hang();
        assertThatThrownBy(() -> client(server.url(), Duration.ofMillis(300)).me())
                .isInstanceOf(TransportException.class).hasMessageContaining("timed out")
                .matches(e -> ((IntercomException) e).isRetryable());
    }

    @Test
    void aProxysFiveHundredWithoutRateLimitHeadersTeachesThePacingNothing() {
        RateLimitGovernor governor = new RateLimitGovernor();
        IntercomClient c = new IntercomClient(new IntercomSettings(URI.create(server.url()), TOKEN, "2.16", Duration.ofSeconds(2),
                Duration.ofSeconds(5), "my-pipeline/1.0"), governor, ApiCallListener.NONE);
        server.answer(502, "<html><body>502 Bad Gateway</body></html>");

        assertThatThrownBy(c::me).isInstanceOf(ServerErrorException.class);
        server.answer(429, "<html><body>Too Many Requests</body></html>"); // a gateway's, without Intercom's headers
        assertThatThrownBy(c::me).isInstanceOf(RateLimitedException.class);

        // still waiting for a first real answer: one request at a time, not "no limit, everything at once"
        long now = System.currentTimeMillis();
        assertThat(governor.tryAcquire(now).permit()).isNotNull();
        assertThat(governor.tryAcquire(now).permit()).isNull();
    }
}
