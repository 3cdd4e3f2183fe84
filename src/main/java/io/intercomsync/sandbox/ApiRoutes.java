package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's route table: which method and path template calls which {@link Workspace} or {@link Tagging}
 * operation, and how a request's path, query and body reach it. It knows nothing of auth, rate limits, faults
 * or latency; {@link Transport} decides whether a request gets this far. A route's template
 * ({@code "POST /contacts/{id}/tags"}) is also the name the stats and {@code faultEndpoints} use for it.
 */
final class ApiRoutes {
    /** One operation: takes the matched request, answers its JSON or throws an {@link ApiError}. */
    interface Handler {
        JsonNode handle(Req r) throws IOException;
    }

    /** A method and path template, split into segments ({@code {name}} segments match any non-empty one). */
    record Route(String method, String[] segments, String template, Handler handler) {
    }

    /** What a handler reads of a request: path parameters, the query (first value of each name) and the body. */
    static final class Req {
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

    // Matched in the order registered: the first route that fits wins, so fixed paths such as
    // /companies/scroll come before the /companies/{id} templates they would otherwise fit.
    private final List<Route> routes = new ArrayList<>();
    private final Workspace ws;
    private final Tagging tagging;

    ApiRoutes(Workspace ws, Tagging tagging) {
        this.ws = ws;
        this.tagging = tagging;
        register();
    }

    private void route(String method, String template, Handler h) {
        routes.add(new Route(method, template.substring(1).split("/"), method + " " + template, h));
    }

    private void register() {
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

    /**
     * The first route of this method whose template fits the path's segments, or null; fills {@code params}
     * with the (URL-decoded) values of its {@code {name}} segments.
     */
    Route match(String method, String[] segs, Map<String, String> params) {
        for (Route r : routes) {
            if (!r.method().equals(method) || r.segments().length != segs.length) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < segs.length && ok; i++) {
                String t = r.segments()[i];
                ok = t.startsWith("{") ? !segs[i].isEmpty() : t.equals(segs[i]);
            }
            if (ok) {
                for (int i = 0; i < segs.length; i++) {
                    String t = r.segments()[i];
                    if (t.startsWith("{")) {
                        params.put(t.substring(1, t.length() - 1), URLDecoder.decode(segs[i], StandardCharsets.UTF_8));
                    }
                }
                return r;
            }
        }
        return null;
    }

    /** A raw query string as name -> value, URL-decoded; a name given twice keeps its first value. */
    static Map<String, String> parseQuery(String raw) {
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
}
