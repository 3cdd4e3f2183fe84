package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static io.intercomsync.sandbox.Validation.requireObject;
import static io.intercomsync.sandbox.Validation.text;

/**
 * Contacts: create, show, update, merge, delete, archive, list and search, and the indexes that keep an
 * external_id, and a user's email, to one contact. The records and indexes are {@link Workspace}'s state;
 * every operation here holds the workspace's lock, so a duplicate check and the write it guards stay one
 * step (50 parallel creates of one external_id make one contact). Search sees each contact as it was
 * {@code searchLagMs} ago, so a contact keeps the versions search may still see.
 */
final class Contacts {
    static final class ContactRec {
        final String id;
        final long seq;
        ObjectNode data;
        boolean archived;
        final List<String> tagIds = new ArrayList<>();
        final LinkedHashSet<String> companyIds = new LinkedHashSet<>();
        final List<String> noteIds = new ArrayList<>();
        /** Versions as search sees them: oldest first, each with the time it was written. */
        final ArrayDeque<Object[]> history = new ArrayDeque<>();

        ContactRec(String id, long seq) {
            this.id = id;
            this.seq = seq;
        }
    }

    private final Workspace ws;

    Contacts(Workspace ws) {
        this.ws = ws;
    }

    /** A new contact's data: every field of the contact schema, in the order {@link Rendering} answers with them. */
    static ObjectNode newContactData(String workspaceId, String id, String role, long now) {
        ObjectNode o = Json.obj();
        o.put("type", "contact");
        o.put("id", id);
        o.put("workspace_id", workspaceId);
        o.putNull("external_id");
        o.put("role", role);
        o.putNull("phone");
        o.putNull("name");
        o.putNull("avatar");
        o.putNull("owner_id");
        o.putObject("social_profiles").putArray("data");
        o.put("has_hard_bounced", false);
        o.put("marked_email_as_spam", false);
        o.put("unsubscribed_from_emails", false);
        o.put("created_at", now);
        o.put("updated_at", now);
        o.putNull("signed_up_at");
        o.putNull("last_seen_at");
        o.putNull("last_replied_at");
        o.putNull("last_contacted_at");
        o.putNull("last_email_opened_at");
        o.putNull("last_email_clicked_at");
        o.putNull("language_override");
        o.putNull("browser");
        o.putNull("browser_version");
        o.putNull("browser_language");
        o.putNull("os");
        ObjectNode loc = o.putObject("location");
        loc.put("type", "location");
        loc.putNull("country");
        loc.putNull("region");
        loc.putNull("city");
        for (String p : new String[]{"android", "ios"}) {
            o.putNull(p + "_app_name");
            o.putNull(p + "_app_version");
            o.putNull(p + "_device");
            o.putNull(p + "_os_version");
            o.putNull(p + "_sdk_version");
            o.putNull(p + "_last_seen_at");
        }
        o.putObject("custom_attributes");
        o.putNull("tags");
        o.putNull("notes");
        o.putNull("companies");
        return o;
    }

    private ApiError conflict(ContactRec existing) {
        return new ApiError(409, "conflict", (existing.archived ? "An archived contact" : "A contact")
                + " matching those details already exists with id=" + existing.id);
    }

    ObjectNode create(JsonNode body) {
        synchronized (ws) {
            requireObject(body);
            Validation.onlyAccepted(body, Validation.CONTACT);
            String role = text(body, "role");
            String externalId = text(body, "external_id");
            String email = text(body, "email");
            if (role == null && externalId == null && email == null) {
                throw new ApiError(400, "parameter_invalid", "Contact must have at least one of email, external_id or role");
            }
            if (role == null) {
                role = "user";
            }
            if (!role.equals("user") && !role.equals("lead")) {
                throw new ApiError(400, "parameter_invalid", "role must be one of user, lead", "role");
            }
            checkEmail(body);
            if (externalId != null && ws.contactByExternalId.containsKey(externalId)) {
                throw conflict(ws.contactsById.get(ws.contactByExternalId.get(externalId)));
            }
            if (email != null && role.equals("user")) {
                String other = ws.userByEmail.get(email.toLowerCase(Locale.ROOT));
                if (other != null) {
                    throw conflict(ws.contactsById.get(other));
                }
            }
            ObjectNode custom = DataAttributes.validateCustom(ws.contactAttrs, body.get("custom_attributes"), "contact");
            long now = Workspace.nowSec();
            long s = ws.seq++;
            String id = Workspace.hexId(0x6650a1b2, s);
            ObjectNode d = newContactData(ws.workspaceId, id, role, now);
            ContactRec rec = new ContactRec(id, s);
            applyContactFields(d, body, custom);
            rec.data = d;
            insert(rec);
            Workspace.markWrote();
            return single(ws.render.contact(rec));
        }
    }

    /** Puts a fully built contact into the maps (used by create and by the seeder). */
    void insert(ContactRec rec) {
        insert(rec, Workspace.nowMs());
    }

    void insert(ContactRec rec, long writtenAtMs) {
        compact(rec.data);
        ws.contactsById.put(rec.id, rec);
        reindex(rec);
        rec.history.clear();
        rec.history.add(new Object[]{rec.data, writtenAtMs});
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The body's email, when given, must be an address mail can reach; email_verified comes only with one. */
    private static void checkEmail(JsonNode body) {
        String email = text(body, "email");
        if (email != null && !email.isEmpty()) {
            String problem = Validation.emailProblem(email);
            if (problem != null) {
                throw new ApiError(400, "parameter_invalid", "Invalid email address '" + Validation.clip(email) + "': "
                        + problem, "email");
            }
        }
        JsonNode verified = body.get("email_verified");
        if (verified != null && !verified.isNull()) {
            if (!verified.isBoolean()) {
                throw new ApiError(400, "parameter_invalid", "email_verified must be a boolean", "email_verified");
            }
            if (email == null || email.isEmpty()) {
                // the spec: "Must be supplied together with an email in the same request; sending it without an email returns a 400"
                throw new ApiError(400, "parameter_invalid", "email_verified must be sent together with an email", "email_verified");
            }
        }
    }

    private void applyContactFields(ObjectNode d, JsonNode body, ObjectNode custom) {
        if (body.has("external_id")) {
            d.set("external_id", textNode(text(body, "external_id")));
        }
        if (body.has("email")) {
            String email = text(body, "email");
            if (email == null || email.isEmpty()) {
                d.remove("email");
                d.remove("email_domain");
            } else {
                d.put("email", email);
                d.put("email_domain", email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT));
            }
        }
        JsonNode verified = body.get("email_verified");
        if (verified != null && !verified.isNull()) {
            d.put("email_verified", verified.asBoolean()); // kept, but not shown: the contact schema has no such field
        }
        for (String f : new String[]{"phone", "name", "owner_id"}) {
            if (body.has(f)) {
                JsonNode v = body.get(f);
                if (f.equals("owner_id") && v != null && v.isNumber()) {
                    d.put(f, v.asText());
                } else {
                    d.set(f, textNode(text(body, f)));
                }
            }
        }
        if (body.has("avatar")) {
            String a = text(body, "avatar");
            if (a == null) {
                d.putNull("avatar");
            } else {
                ObjectNode av = Json.obj();
                av.put("type", "avatar");
                av.put("image_url", a);
                d.set("avatar", av);
            }
        }
        for (String f : new String[]{"signed_up_at", "last_seen_at"}) {
            if (body.has(f)) {
                Long v = Validation.seconds(body, f);
                if (v == null) {
                    d.putNull(f);
                } else {
                    d.put(f, v);
                }
            }
        }
        if (body.has("unsubscribed_from_emails")) {
            JsonNode v = body.get("unsubscribed_from_emails");
            if (v != null && !v.isNull()) {
                if (!v.isBoolean()) {
                    throw new ApiError(400, "parameter_invalid", "unsubscribed_from_emails must be a boolean", "unsubscribed_from_emails");
                }
                d.put("unsubscribed_from_emails", v.asBoolean());
            }
        }
        DataAttributes.mergeCustom(d, custom);
    }

    private static JsonNode textNode(String s) {
        return s == null ? NullNode.getInstance() : Json.F.textNode(s);
    }

    /**
     * The stored contact with this id. An id merged away answers 410 with a Link to the contact it went into,
     * any other unknown id 404. Callers hold the workspace's lock.
     */
    ContactRec record(String id) {
        ContactRec c = ws.contactsById.get(id);
        if (c == null) {
            String target = ws.mergedInto.get(id);
            if (target != null) {
                // follow merge chains (Intercom resolves up to 3 hops)
                for (int hop = 0; hop < 3 && ws.mergedInto.containsKey(target); hop++) {
                    target = ws.mergedInto.get(target);
                }
                ApiError gone = new ApiError(410, "contact_merged",
                        "This contact has been merged. See the 'Link' header for the canonical contact.");
                gone.link = "</contacts/" + target + ">; rel=\"canonical\"";
                throw gone;
            }
            throw ApiError.contactNotFound();
        }
        return c;
    }

    /** POST /contacts/merge: a lead into a user. The lead disappears; its id then answers 410. */
    ObjectNode merge(JsonNode body) {
        synchronized (ws) {
            requireObject(body);
            Validation.onlyAccepted(body, Validation.MERGE);
            String from = text(body, "from");
            String into = text(body, "into");
            if (from == null || into == null) {
                throw new ApiError(400, "parameter_not_found", "from and into are required");
            }
            ContactRec lead = record(from);
            ContactRec user = record(into);
            if (!"lead".equals(lead.data.path("role").asText())) {
                throw new ApiError(400, "parameter_invalid", "from must be a lead", "from");
            }
            if (!"user".equals(user.data.path("role").asText())) {
                throw new ApiError(400, "parameter_invalid", "into must be a user", "into");
            }
            ObjectNode d = user.data.deepCopy();
            lead.data.fields().forEachRemaining(e -> {
                if (!d.has(e.getKey()) && !e.getKey().equals("external_id")) {
                    d.set(e.getKey(), e.getValue());
                }
            });
            ObjectNode ca = (ObjectNode) d.get("custom_attributes");
            lead.data.path("custom_attributes").fields().forEachRemaining(e -> {
                if (!ca.has(e.getKey())) {
                    ca.set(e.getKey(), e.getValue());
                }
            });
            d.put("updated_at", Math.max(Workspace.nowSec(), user.data.get("updated_at").asLong()));
            for (String t : lead.tagIds) {
                if (!user.tagIds.contains(t)) {
                    user.tagIds.add(t);
                }
            }
            for (String co : lead.companyIds) {
                if (user.companyIds.add(co)) {
                    ws.companiesById.get(co).contactIds.add(user.id);
                }
            }
            delete(from);
            ws.mergedInto.put(from, into);
            replaceData(user, d);
            return single(ws.render.contact(user));
        }
    }

    ObjectNode show(String id) {
        synchronized (ws) {
            return single(ws.render.contact(record(id)));
        }
    }

    /**
     * Single-contact answers (show, create, update). The spec allows an extra enabled_push_messaging there;
     * the sandbox leaves it out (it is optional, and strict validators reject it inside the allOf).
     */
    private static ObjectNode single(ObjectNode contact) {
        return contact;
    }

    ObjectNode showByExternalId(String externalId) {
        synchronized (ws) {
            String id = ws.contactByExternalId.get(externalId);
            if (id == null) {
                throw ApiError.contactNotFound();
            }
            return single(ws.render.contact(ws.contactsById.get(id)));
        }
    }

    ObjectNode update(String id, JsonNode body) {
        synchronized (ws) {
            requireObject(body);
            Validation.onlyAccepted(body, Validation.CONTACT);
            ContactRec c = record(id);
            if (c.archived) {
                throw ApiError.contactNotFound();
            }
            String oldRole = c.data.get("role").asText();
            String role = body.has("role") ? text(body, "role") : oldRole;
            if (role == null) {
                role = oldRole;
            }
            if (!role.equals("user") && !role.equals("lead")) {
                throw new ApiError(400, "parameter_invalid", "role must be one of user, lead", "role");
            }
            if (oldRole.equals("user") && role.equals("lead")) {
                throw new ApiError(400, "parameter_invalid", "A user cannot be converted to a lead", "role");
            }
            String externalId = body.has("external_id") ? text(body, "external_id") : textOrNull(c.data.get("external_id"));
            String email = body.has("email") ? text(body, "email") : textOrNull(c.data.get("email"));
            checkEmail(body);
            if (externalId != null) {
                String other = ws.contactByExternalId.get(externalId);
                if (other != null && !other.equals(id)) {
                    throw conflict(ws.contactsById.get(other));
                }
            }
            if (email != null && !email.isEmpty() && role.equals("user")) {
                String other = ws.userByEmail.get(email.toLowerCase(Locale.ROOT));
                if (other != null && !other.equals(id)) {
                    throw conflict(ws.contactsById.get(other));
                }
            }
            ObjectNode custom = DataAttributes.validateCustom(ws.contactAttrs, body.get("custom_attributes"), "contact");
            ObjectNode d = c.data.deepCopy();
            d.put("role", role);
            applyContactFields(d, body, custom);
            compact(d);
            if (!d.equals(c.data)) {
                d.put("updated_at", Math.max(Workspace.nowSec(), c.data.get("updated_at").asLong()));
                replaceData(c, d);
            }
            return single(ws.render.contact(c));
        }
    }

    /** A contact's new state: re-indexed, versioned for search lag, counted as a write. */
    private void replaceData(ContactRec c, ObjectNode data) {
        unindex(c);
        c.data = data;
        reindex(c);
        recordVersion(c);
        Workspace.markWrote();
    }

    private void unindex(ContactRec c) {
        String ext = textOrNull(c.data.get("external_id"));
        if (ext != null && c.id.equals(ws.contactByExternalId.get(ext))) {
            ws.contactByExternalId.remove(ext);
        }
        String email = textOrNull(c.data.get("email"));
        if (email != null && c.id.equals(ws.userByEmail.get(email.toLowerCase(Locale.ROOT)))) {
            ws.userByEmail.remove(email.toLowerCase(Locale.ROOT));
        }
    }

    private void reindex(ContactRec c) {
        String ext = textOrNull(c.data.get("external_id"));
        if (ext != null) {
            ws.contactByExternalId.put(ext, c.id);
        }
        String email = textOrNull(c.data.get("email"));
        if (email != null && "user".equals(c.data.get("role").asText())) {
            ws.userByEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), c.id);
        }
    }

    private void recordVersion(ContactRec c) {
        long now = Workspace.nowMs();
        c.history.add(new Object[]{c.data, now});
        long lag = ws.searchLagMs;
        // drop versions that search can no longer see: an older one is hidden once a newer one is visible
        while (c.history.size() > 1) {
            Iterator<Object[]> it = c.history.iterator();
            it.next();
            Object[] second = it.next();
            if ((long) second[1] <= now - lag) {
                c.history.removeFirst();
            } else {
                break;
            }
        }
        while (c.history.size() > 16) {
            c.history.removeFirst();
        }
    }

    /** The version of a contact that search sees now, or null if it is not searchable yet. */
    private ObjectNode searchView(ContactRec c, long now, long lag) {
        if (lag <= 0) {
            return c.data;
        }
        ObjectNode seen = null;
        for (Object[] v : c.history) {
            if ((long) v[1] <= now - lag) {
                seen = (ObjectNode) v[0];
            }
        }
        return seen;
    }

    ObjectNode delete(String id) {
        synchronized (ws) {
            ContactRec c = record(id);
            unindex(c);
            ws.contactsById.remove(id);
            for (String co : c.companyIds) {
                Companies.CompanyRec comp = ws.companiesById.get(co);
                if (comp != null) {
                    comp.contactIds.remove(id);
                }
            }
            Workspace.markWrote();
            ObjectNode o = contactRef(c);
            o.put("deleted", true);
            return o;
        }
    }

    private static ObjectNode contactRef(ContactRec c) {
        ObjectNode o = Json.obj();
        o.put("type", "contact");
        o.put("id", c.id);
        o.set("external_id", c.data.get("external_id"));
        return o;
    }

    ObjectNode archive(String id, boolean archive) {
        synchronized (ws) {
            ContactRec c = record(id);
            if (c.archived != archive) {
                c.archived = archive;
                Workspace.markWrote();
            }
            ObjectNode o = contactRef(c);
            o.put("archived", archive);
            return o;
        }
    }

    /** Stored contacts keep only non-null top-level fields; {@link Rendering} restores the nulls in order. */
    static ObjectNode compact(ObjectNode d) {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
        return d;
    }

    /** POST /contacts/search and GET /contacts. */
    ObjectNode search(JsonNode query, String sortField, boolean descending, int perPage,
                      String startingAfter, boolean applyLag) {
        synchronized (ws) {
            Predicate<JsonNode> filter = query == null ? d -> true
                    : Search.compile(query, SearchRules.contacts(name -> {
                        DataAttributes.Attr a = ws.contactAttrs.get(name);
                        return a == null ? null : a.dataType;
                    }));
            long now = Workspace.nowMs();
            long lag = applyLag ? ws.searchLagMs : 0;
            List<Search.Doc> docs = new ArrayList<>(ws.contactsById.size());
            for (ContactRec c : ws.contactsById.values()) {
                if (c.archived) {
                    continue;
                }
                ObjectNode view = searchView(c, now, lag);
                if (view != null) {
                    docs.add(new Search.Doc(c.seq, view, c));
                }
            }
            Search.Page p = Search.page(docs, filter, sortField, descending, perPage, startingAfter, ws.cursorLife());
            ObjectNode out = Json.obj();
            out.put("type", "list");
            ArrayNode data = out.putArray("data");
            for (Search.Doc d : p.docs()) {
                ContactRec c = (ContactRec) d.payload();
                if (d.view() == c.data) {
                    data.add(ws.render.contact(c));
                } else {
                    ContactRec old = new ContactRec(c.id, c.seq);
                    old.data = (ObjectNode) d.view();
                    old.tagIds.addAll(c.tagIds);
                    old.companyIds.addAll(c.companyIds);
                    old.noteIds.addAll(c.noteIds);
                    data.add(ws.render.contact(old));
                }
            }
            out.put("total_count", p.totalCount());
            out.set("pages", Search.pages(p));
            return out;
        }
    }

    /** GET /contacts/{id}/tags. */
    ObjectNode tags(String id) {
        synchronized (ws) {
            ContactRec c = record(id);
            ObjectNode out = Json.obj();
            out.put("type", "list");
            ArrayNode data = out.putArray("data");
            for (String t : c.tagIds) {
                data.add(ws.tagJson(t));
            }
            return out;
        }
    }
}
