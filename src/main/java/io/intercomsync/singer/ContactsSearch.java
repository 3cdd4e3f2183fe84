package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.intercom.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The users and leads streams: contacts of one role, read through the contact search, incremental on
 * {@code updated_at} and bookmarked behind the search lag. Each contact's inlined tags and companies are
 * flattened, and completed with a call of their own when Intercom inlined only the first ten.
 */
final class ContactsSearch {
    private static final Logger LOG = LoggerFactory.getLogger(ContactsSearch.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final UpdatedAtSearch search;
    /** Tag id to name, read once (GET /tags) the first time a contact's tag comes without its name; shared by users and leads. */
    private Map<String, String> tagNames;

    ContactsSearch(Api api, UpdatedAtSearch search) {
        this.api = api;
        this.search = search;
    }

    /** {@code role} is Intercom's: "user" for the users stream, "lead" for leads. */
    void sync(StreamRun run, String role) {
        ObjectNode roleFilter = JSON.createObjectNode().put("field", "role").put("operator", "=").put("value", role);
        // Contact search truncates dates to whole days in the workspace's time zone and supports only =, < and >
        // on them: "> two days before" covers the bookmark's whole day whatever the zone (and a 25-hour day).
        search.pages(run, "/contacts/search", "data", run.fromSec() - 2 * 86_400, roleFilter, page -> {
            // Contacts whose tags or companies go beyond the ten inlined need a call each: made in parallel.
            List<Future<ObjectNode>> shaped = new ArrayList<>(page.size());
            for (ObjectNode c : page) {
                boolean more = c.path("tags").path("has_more").asBoolean(false) || c.path("companies").path("has_more").asBoolean(false);
                shaped.add(more ? run.pool.submit(() -> denestContact(c)) : CompletableFuture.completedFuture(denestContact(c)));
            }
            try {
                for (int i = 0; i < page.size(); i++) {
                    run.emit(Futures.await(shaped.get(i)));
                    run.seen(page.get(i).path("updated_at").asLong());
                }
            } finally {
                shaped.forEach(f -> f.cancel(true));
            }
        });
    }

    private ObjectNode denestContact(ObjectNode c) {
        String id = c.path("id").asText();
        c.remove("notes");
        JsonNode social = c.path("social_profiles");
        if (social.isObject()) {
            c.set("social_profiles", social.path("data"));
        }
        JsonNode tags = c.path("tags");
        if (tags.isObject()) {
            JsonNode items = tags.path("data");
            if (tags.path("has_more").asBoolean(false)) {
                try {
                    items = api.read("GET", "/contacts/" + Api.urlEncode(id) + "/tags", "GET /contacts/{id}/tags", null).path("data");
                } catch (NotFoundException e) {
                    LOG.warn("users/leads: contact {} is gone (404) since the search listed it; writing its inlined tags", id);
                }
            }
            ArrayNode list = JSON.createArrayNode();
            for (JsonNode t : items) {
                String tagId = t.path("id").asText();
                String name = t.path("name").isTextual() ? t.path("name").asText() : tagName(tagId);
                list.addObject().put("id", tagId).put("name", name);
            }
            c.set("tags", list);
        }
        JsonNode companies = c.path("companies");
        if (companies.isObject()) {
            ArrayNode list = JSON.createArrayNode();
            List<JsonNode> all = null;
            if (companies.path("has_more").asBoolean(false)) {
                try {
                    all = attachedCompanies(id);
                } catch (NotFoundException e) {
                    LOG.warn("users/leads: contact {} is gone (404) since the search listed it; writing its inlined companies", id);
                }
            }
            if (all != null) {
                for (JsonNode co : all) {
                    list.addObject().put("id", co.path("id").asText());
                }
            } else {
                for (JsonNode co : companies.path("data")) {
                    list.addObject().put("id", co.path("id").asText());
                }
            }
            c.set("companies", list);
        }
        return c;
    }

    private List<JsonNode> attachedCompanies(String contactId) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= 1000; page++) {
            JsonNode res = api.read("GET", "/contacts/" + Api.urlEncode(contactId) + "/companies?per_page=50&page=" + page,
                    "GET /contacts/{id}/companies", null);
            res.path("companies").forEach(all::add);
            JsonNode pages = res.path("pages");
            if (res.path("companies").isEmpty() || pages.path("total_pages").asInt(1) <= page) {
                break;
            }
        }
        return all;
    }

    /** Synchronized: contacts are shaped on the pool's threads, and only one of them should read /tags. */
    private synchronized String tagName(String id) {
        if (tagNames == null) {
            tagNames = new HashMap<>();
            for (JsonNode t : api.read("GET", "/tags", "GET /tags", null).path("data")) {
                tagNames.put(t.path("id").asText(), t.path("name").asText(null));
            }
        }
        return tagNames.get(id);
    }
}
