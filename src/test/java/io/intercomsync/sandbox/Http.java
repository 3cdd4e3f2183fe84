package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small plain client for behaviour tests. */
final class Http {
    static final ObjectMapper MAPPER = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String token;

    record Res(int status, String raw, JsonNode json, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json.path("errors").path(0).path("code").asText();
        }

        String errorMessage() {
            return json.path("errors").path(0).path("message").asText();
        }
    }

    Http(Sandbox s) {
        this(s.baseUrl(), "sandbox-token");
    }

    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Res send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Intercom-Version", "2.16").header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : MAPPER.readTree(r.body());
        return new Res(r.statusCode(), r.body(), json, r);
    }

    Res get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    Res post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    Res put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    Res delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }
}
