package io.intercomsync.intercom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Intercom REST API 2.x over the JDK's HTTP client. Every call goes through the {@link RateLimitGovernor}
 * and maps each failure to one exception type; retrying is the caller's business (the import route's
 * redelivery policy), so one method call is exactly one HTTP request.
 */
public final class IntercomClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntercomSettings settings;
    private final RateLimitGovernor governor;
    private final ApiCallListener listener;
    private final HttpClient http;

    public IntercomClient(IntercomSettings settings, RateLimitGovernor governor, ApiCallListener listener) {
        this.settings = settings;
        this.governor = governor;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /** GET /me: proves the token works; returns the admin and app it belongs to. */
    public JsonNode me() {
        return send("GET", "/me", "GET /me", null, false);
    }

    /** GET /data_attributes?model=contact|company: standard and custom attributes. */
    public List<DataAttribute> dataAttributes(String model) {
        JsonNode list = send("GET", "/data_attributes?model=" + encode(model), "GET /data_attributes", null, false);
        List<DataAttribute> result = new ArrayList<>();
        for (JsonNode a : list.path("data")) {
            result.add(new DataAttribute(a.path("name").asText(), a.path("model").asText(model),
                    a.path("data_type").asText(), a.path("custom").asBoolean(false)));
        }
        return result;
    }

    /** POST /data_attributes: creates a custom attribute; its type cannot change later. */
    public DataAttribute createDataAttribute(String name, String model, String dataType) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("model", model).put("data_type", dataType);
        JsonNode a = send("POST", "/data_attributes", "POST /data_attributes", body, true);
        return new DataAttribute(a.path("name").asText(name), a.path("model").asText(model),
                a.path("data_type").asText(dataType), true);
    }

    /** A contact as a write left it: its Intercom id and its updated_at (unix seconds; null if the answer had none). */
    public record WrittenContact(String id, Long updatedAt) {
    }

    /** POST /contacts: creates only; a duplicate answers {@link ConflictException} naming the existing id. */
    public WrittenContact createContact(Map<String, Object> body) {
        return written(send("POST", "/contacts", "POST /contacts", body, true), "POST /contacts");
    }

    /** PUT /contacts/{id}: partial update of an existing contact. */
    public WrittenContact updateContact(String id, Map<String, Object> body) {
        return written(send("PUT", "/contacts/" + encode(id), "PUT /contacts/{id}", body, true), "PUT /contacts/{id}");
    }

    private static WrittenContact written(JsonNode answer, String operation) {
        String id = requireId(answer, operation);
        JsonNode at = answer.path("updated_at");
        return new WrittenContact(id, at.canConvertToLong() && at.isNumber() ? at.asLong() : null);
    }

    /** POST /contacts/{id}/unarchive. */
    public void unarchiveContact(String id) {
        send("POST", "/contacts/" + encode(id) + "/unarchive", "POST /contacts/{id}/unarchive", null, true);
    }

    /** POST /contacts/{id}/archive: out of lists and search until unarchived. */
    public void archiveContact(String id) {
        send("POST", "/contacts/" + encode(id) + "/archive", "POST /contacts/{id}/archive", null, true);
    }

    /**
     * POST /contacts/search for the one contact with this external_id, else with this email and role:
     * its Intercom id, or null when search finds none. Search lags writes by up to minutes, so a contact
     * created moments ago may not be found yet.
     */
    public String findContactId(String externalId, String email, String role) {
        ObjectNode query = JSON.createObjectNode();
        if (externalId != null) {
            query.put("field", "external_id").put("operator", "=").put("value", externalId);
        } else {
            query.put("operator", "AND");
            var parts = query.putArray("value");
            parts.addObject().put("field", "email").put("operator", "=").put("value", email);
            parts.addObject().put("field", "role").put("operator", "=").put("value", role);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query);
        body.putObject("pagination").put("per_page", 2);
        JsonNode found = send("POST", "/contacts/search", "POST /contacts/search", body, false);
        for (JsonNode c : found.path("data")) {
            String id = c.path("id").asText(null);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /** GET /contacts?per_page=..&starting_after=..: one page of the workspace's (unarchived) contacts. */
    public JsonNode listContacts(int perPage, String startingAfter) {
        return send("GET", "/contacts?per_page=" + perPage + (startingAfter == null ? "" : "&starting_after=" + encode(startingAfter)),
                "GET /contacts", null, false);
    }

    /** GET /tags: every tag of the workspace, name to id. */
    public Map<String, String> tags() {
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (JsonNode t : send("GET", "/tags", "GET /tags", null, false).path("data")) {
            byName.put(t.path("name").asText(), t.path("id").asText());
        }
        return byName;
    }

    /** POST /tags {"name"}: creates the tag, or returns the one of that name (names are case-insensitive); its id. */
    public String createTag(String name) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        return requireId(send("POST", "/tags", "POST /tags", body, true), "POST /tags");
    }

    /** POST /contacts/{id}/tags {"id"}: tags the contact. */
    public void tagContact(String contactId, String tagId) {
        ObjectNode body = JSON.createObjectNode().put("id", tagId);
        send("POST", "/contacts/" + encode(contactId) + "/tags", "POST /contacts/{id}/tags", body, true);
    }

    /** DELETE /contacts/{id}/tags/{tag_id}: removes the tag from the contact. */
    public void untagContact(String contactId, String tagId) {
        send("DELETE", "/contacts/" + encode(contactId) + "/tags/" + encode(tagId), "DELETE /contacts/{id}/tags/{tag_id}", null, true);
    }

    /** POST /companies: creates or updates the company with that company_id; returns Intercom's id. */
    public String upsertCompany(Map<String, Object> body) {
        return requireId(send("POST", "/companies", "POST /companies", body, true), "POST /companies");
    }

    /** POST /contacts/{id}/companies: attaches a contact to a company by Intercom company id. */
    public void attachCompany(String contactId, String companyId) {
        ObjectNode body = JSON.createObjectNode().put("id", companyId);
        send("POST", "/contacts/" + encode(contactId) + "/companies", "POST /contacts/{id}/companies", body, true);
    }

    /** DELETE /contacts/{id}/companies/{company_id}: detaches a contact from a company (404 company_not_found when it is not attached). */
    public void detachCompany(String contactId, String companyId) {
        send("DELETE", "/contacts/" + encode(contactId) + "/companies/" + encode(companyId),
                "DELETE /contacts/{id}/companies/{company_id}", null, true);
    }

    /** Any other call, for the tap and tests: returns the parsed body. */
    public JsonNode call(String method, String pathAndQuery, String operation, Object body, boolean write) {
        return send(method, pathAndQuery, operation, body, write);
    }

    private JsonNode send(String method, String pathAndQuery, String operation, Object body, boolean write) {
        HttpRequest request = buildRequest(method, pathAndQuery, body);
        RateLimitGovernor.Permit permit;
        try {
            permit = governor.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " was interrupted before it was sent", e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            governor.abandon(permit);
            listener.onCall(method, operation, 0, write);
            throw new TransportException(operation + " got no answer from " + settings.baseUrl().getHost()
                    + ": " + describe(e), e);
        } catch (InterruptedException e) {
            governor.abandon(permit);
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " was interrupted", e);
        }
        int status = response.statusCode();
        Integer limit = intHeader(response, "X-RateLimit-Limit");
        Integer remaining = intHeader(response, "X-RateLimit-Remaining");
        if ((status >= 500 || status == 429) && limit == null && remaining == null) {
            // A 5xx or 429 without rate-limit headers is a proxy's or load balancer's, not Intercom's: it says
            // nothing about the limits (taking it for "no limit" would let every request in flight go at once).
            governor.abandon(permit);
        } else {
            governor.release(permit, limit, remaining, longHeader(response, "X-RateLimit-Reset"), status == 429);
        }
        listener.onCall(method, operation, status, write);
        return interpret(operation, response);
    }

    private HttpRequest buildRequest(String method, String pathAndQuery, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.accessToken())
                .header("Accept", "application/json")
                .header("Intercom-Version", settings.apiVersion())
                .header("User-Agent", settings.userAgent());
        if (body == null) {
            b.method(method, "POST".equals(method) || "PUT".equals(method)
                    ? HttpRequest.BodyPublishers.ofString("") : HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("request body cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return b.build();
    }

    private JsonNode interpret(String operation, HttpResponse<String> response) {
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            if (text.isBlank()) {
                throw new EmptyResponseException(status, operation + " answered " + status + " with an empty body");
            }
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new EmptyResponseException(status, operation + " answered " + status + " with a body that is not complete JSON");
            }
        }
        ErrorDetail error = ErrorDetail.parse(text);
        String message = operation + " failed (" + status + (error.code == null ? "" : " " + error.code) + ")"
                + (error.message == null ? "" : ": " + error.message);
        if (status == 401 || status == 403) {
            throw new AuthenticationException(status, error.code, message
                    + (status == 401 ? "; check " + settings.keys().tokenSetting() : "; the token lacks a permission this needs"));
        }
        if (status == 429) {
            throw new RateLimitedException(message);
        }
        if (status >= 500) {
            throw new ServerErrorException(status, error.code, message);
        }
        if (status == 409) {
            throw new ConflictException(error.message == null ? message : error.message);
        }
        if (status == 404) {
            throw new NotFoundException(error.code, message);
        }
        if (status == 410) {
            throw new ContactMergedException(message, survivorFromLink(response.headers().firstValue("Link")));
        }
        throw new RequestRejectedException(status, error.code, message, error.field);
    }

    private record ErrorDetail(String code, String message, String field) {
        static ErrorDetail parse(String text) {
            try {
                JsonNode first = JSON.readTree(text).path("errors").path(0);
                return new ErrorDetail(textOrNull(first, "code"), textOrNull(first, "message"), textOrNull(first, "field"));
            } catch (JsonProcessingException | RuntimeException e) {
                return new ErrorDetail(null, null, null);
            }
        }

        private static String textOrNull(JsonNode node, String field) {
            JsonNode v = node.path(field);
            return v.isTextual() ? v.asText() : null;
        }
    }

    private static String survivorFromLink(Optional<String> link) {
        return link.map(l -> {
            int start = l.indexOf('<');
            int end = l.indexOf('>');
            if (start < 0 || end < start) {
                return null;
            }
            String url = l.substring(start + 1, end);
            return url.substring(url.lastIndexOf('/') + 1);
        }).orElse(null);
    }

    private static String requireId(JsonNode node, String operation) {
        String id = node.path("id").asText(null);
        if (id == null || id.isEmpty()) {
            throw new EmptyResponseException(200, operation + " answered without an id");
        }
        return id;
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? kind : e.getMessage();
    }

    private static Long longHeader(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return null; // a malformed header counts as absent
            }
        }).orElse(null);
    }

    private static Integer intHeader(HttpResponse<?> r, String name) {
        Long v = longHeader(r, name);
        return v == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, v));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
