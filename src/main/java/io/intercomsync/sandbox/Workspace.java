package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static io.intercomsync.sandbox.Validation.requireObject;
import static io.intercomsync.sandbox.Validation.text;

/**
 * The in-memory Intercom workspace. Every public-facing operation is {@code synchronized} on the
 * workspace: one lock keeps duplicate checks and writes atomic (50 parallel creates of one
 * external_id make one contact), and each operation is short.
 */
final class Workspace {
    static final int INLINE_LIST_LIMIT = 10;
    static final int SCROLL_PAGE_SIZE = 15;
    /** A scroll expires after this long without use (Intercom: one minute). Tests shorten it. */
    volatile long scrollTtlMs = 60_000;
    private static final Pattern ATTR_NAME = Pattern.compile("[\\p{L}\\p{N}\\p{Sc}_\\- ]+");
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    final String workspaceId;
    volatile long searchLagMs;

    long seq = 1;
    final Map<String, ContactRec> contacts = new LinkedHashMap<>();
    final Map<String, String> contactByExternalId = new java.util.HashMap<>();
    final Map<String, String> userByEmail = new java.util.HashMap<>();
    final Map<String, CompanyRec> companies = new LinkedHashMap<>();
    final Map<String, String> companyByCompanyId = new java.util.HashMap<>();
    final Map<String, Attr> contactAttrs = new LinkedHashMap<>();
    final Map<String, Attr> companyAttrs = new LinkedHashMap<>();
    int nextAttrId = 100;
    final List<ObjectNode> admins = new ArrayList<>();
    final List<ObjectNode> teams = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>(); // id -> name
    final List<Segment> segments = new ArrayList<>();
    final TreeMap<Long, ConvRec> conversations = new TreeMap<>();
    Scroll scroll;

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

    static final class CompanyRec {
        final String id;
        final long seq;
        ObjectNode data;
        final LinkedHashSet<String> contactIds = new LinkedHashSet<>();
        final List<String> tagIds = new ArrayList<>();
        final List<String> segmentIds = new ArrayList<>();

        CompanyRec(String id, long seq) {
            this.id = id;
            this.seq = seq;
        }
    }

    static final class Attr {
        int id;
        String name;
        String model;
        String dataType; // string integer float boolean date datetime
        List<String> options = List.of();
        String description;
        boolean messengerWritable;
        long createdAt;
        String adminId;
    }

    static final class Segment {
        String id;
        String name;
        String personType; // "user", "contact" or "company"
        long createdAt;
        long updatedAt;
        Predicate<ContactRec> contactRule; // for people segments
    }

    static final class ConvRec {
        long id;
        long seq;
        ObjectNode data;
        List<Part> parts = new ArrayList<>();
    }

    /** A conversation part, kept small and rendered on demand (the author node is shared, never handed out). */
    record Part(long id, String partType, String body, long at, ObjectNode author) {
        ObjectNode json() {
            ObjectNode part = Json.obj();
            part.put("type", "conversation_part");
            part.put("id", Long.toString(id));
            part.put("part_type", partType);
            part.put("body", body);
            part.put("created_at", at);
            part.put("updated_at", at);
            part.put("notified_at", at);
            part.set("author", author.deepCopy());
            part.putArray("attachments");
            part.putNull("external_id");
            part.put("redacted", false);
            return part;
        }
    }

    static final class Scroll {
        String param;
        long lastUsedMs;
        long afterSeq;
    }

    Workspace(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    static long nowMs() {
        return System.currentTimeMillis();
    }

    static long nowSec() {
        return System.currentTimeMillis() / 1000L;
    }

    static void resetWrote() {
        WROTE.get()[0] = false;
    }

    static boolean wrote() {
        return WROTE.get()[0];
    }

    static void markWrote() {
        WROTE.get()[0] = true;
    }

    /** Deterministic 24-hex ids in Intercom's style: a fixed prefix and a bijective mix of the sequence. */
    static String hexId(int prefix, long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return String.format("%08x%016x", prefix, z);
    }

    // ---------------------------------------------------------------- contacts

    ObjectNode newContactData(String id, String role, long now) {
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

    ApiError conflict(ContactRec existing) {
        return new ApiError(409, "conflict", (existing.archived ? "An archived contact" : "A contact")
                + " matching those details already exists with id=" + existing.id);
    }

    synchronized ObjectNode createContact(JsonNode body) {
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
        if (externalId != null && contactByExternalId.containsKey(externalId)) {
            throw conflict(contacts.get(contactByExternalId.get(externalId)));
        }
        if (email != null && role.equals("user")) {
            String other = userByEmail.get(email.toLowerCase(Locale.ROOT));
            if (other != null) {
                throw conflict(contacts.get(other));
            }
        }
        ObjectNode custom = validateCustom(contactAttrs, body.get("custom_attributes"), "contact");
        long now = nowSec();
        long s = seq++;
        String id = hexId(0x6650a1b2, s);
        ObjectNode d = newContactData(id, role, now);
        ContactRec rec = new ContactRec(id, s);
        applyContactFields(d, body, custom);
        rec.data = d;
        insertContact(rec);
        markWrote();
        return single(renderContact(rec));
    }

    /** Puts a fully built contact into the maps (used by create and by the seeder). */
    void insertContact(ContactRec rec) {
        insertContact(rec, nowMs());
    }

    void insertContact(ContactRec rec, long writtenAtMs) {
        compact(rec.data);
        contacts.put(rec.id, rec);
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
        mergeCustom(d, custom);
    }

    private static JsonNode textNode(String s) {
        return s == null ? NullNode.getInstance() : Json.F.textNode(s);
    }

    /** Validates custom attribute values against the attribute definitions; returns them as given. */
    ObjectNode validateCustom(Map<String, Attr> attrs, JsonNode custom, String model) {
        if (custom == null || custom.isNull()) {
            return null;
        }
        if (!custom.isObject()) {
            throw new ApiError(400, "parameter_invalid", "custom_attributes must be an object", "custom_attributes");
        }
        Iterator<Map.Entry<String, JsonNode>> it = custom.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Attr a = attrs.get(e.getKey());
            if (a == null) {
                throw new ApiError(400, "parameter_invalid", "Custom attribute '" + e.getKey() + "' does not exist",
                        "custom_attributes." + e.getKey());
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            boolean ok;
            String expected;
            switch (a.dataType) {
                case "string":
                    ok = v.isTextual();
                    expected = "string";
                    break;
                case "integer":
                    ok = v.isIntegralNumber() && v.canConvertToLong();
                    expected = "integer";
                    break;
                case "float":
                    ok = v.isNumber();
                    expected = "float";
                    break;
                case "boolean":
                    ok = v.isBoolean();
                    expected = "boolean";
                    break;
                default: // date, datetime: unix seconds
                    ok = Validation.isTimestamp(v);
                    expected = "date (unix timestamp in seconds, 0 to " + Validation.MAX_TIMESTAMP + ")";
            }
            if (!ok) {
                throw new ApiError(400, "type_mismatch", "Custom attribute '" + e.getKey() + "' expects a value of type "
                        + expected + ", got " + (v.isNumber() ? Validation.clip(v.asText()) : v.getNodeType().name().toLowerCase(Locale.ROOT)),
                        "custom_attributes." + e.getKey());
            }
            if (v.isTextual()) {
                Validation.checkLength("custom_attributes." + e.getKey(), v.asText());
            }
            if (!a.options.isEmpty() && !a.options.contains(v.asText())) {
                throw new ApiError(400, "parameter_invalid", "Custom attribute '" + e.getKey() + "' must be one of " + a.options,
                        "custom_attributes." + e.getKey());
            }
        }
        return (ObjectNode) custom;
    }

    /** Merged-away contact id -> the contact it was merged into. */
    final Map<String, String> mergedInto = new java.util.HashMap<>();

    ContactRec contact(String id) {
        ContactRec c = contacts.get(id);
        if (c == null) {
            String target = mergedInto.get(id);
            if (target != null) {
                // follow merge chains (Intercom resolves up to 3 hops)
                for (int hop = 0; hop < 3 && mergedInto.containsKey(target); hop++) {
                    target = mergedInto.get(target);
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
    synchronized ObjectNode mergeContacts(JsonNode body) {
        requireObject(body);
        Validation.onlyAccepted(body, Validation.MERGE);
        String from = text(body, "from");
        String into = text(body, "into");
        if (from == null || into == null) {
            throw new ApiError(400, "parameter_not_found", "from and into are required");
        }
        ContactRec lead = contact(from);
        ContactRec user = contact(into);
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
        d.put("updated_at", Math.max(nowSec(), user.data.get("updated_at").asLong()));
        for (String t : lead.tagIds) {
            if (!user.tagIds.contains(t)) {
                user.tagIds.add(t);
            }
        }
        for (String co : lead.companyIds) {
            if (user.companyIds.add(co)) {
                companies.get(co).contactIds.add(user.id);
            }
        }
        deleteContact(from);
        mergedInto.put(from, into);
        replaceData(user, d);
        return single(renderContact(user));
    }

    synchronized ObjectNode getContact(String id) {
        return single(renderContact(contact(id)));
    }

    /**
     * Single-contact answers (show, create, update). The spec allows an extra enabled_push_messaging there;
     * the sandbox leaves it out (it is optional, and strict validators reject it inside the allOf).
     */
    private static ObjectNode single(ObjectNode contact) {
        return contact;
    }

    synchronized ObjectNode getContactByExternalId(String externalId) {
        String id = contactByExternalId.get(externalId);
        if (id == null) {
            throw ApiError.contactNotFound();
        }
        return single(renderContact(contacts.get(id)));
    }

    synchronized ObjectNode updateContact(String id, JsonNode body) {
        requireObject(body);
        Validation.onlyAccepted(body, Validation.CONTACT);
        ContactRec c = contact(id);
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
            String other = contactByExternalId.get(externalId);
            if (other != null && !other.equals(id)) {
                throw conflict(contacts.get(other));
            }
        }
        if (email != null && !email.isEmpty() && role.equals("user")) {
            String other = userByEmail.get(email.toLowerCase(Locale.ROOT));
            if (other != null && !other.equals(id)) {
                throw conflict(contacts.get(other));
            }
        }
        ObjectNode custom = validateCustom(contactAttrs, body.get("custom_attributes"), "contact");
        ObjectNode d = c.data.deepCopy();
        d.put("role", role);
        applyContactFields(d, body, custom);
        compact(d);
        if (!d.equals(c.data)) {
            d.put("updated_at", Math.max(nowSec(), c.data.get("updated_at").asLong()));
            replaceData(c, d);
        }
        return single(renderContact(c));
    }

    /** Writes validated custom attributes into a record's data: a JSON null removes the attribute. */
    private static void mergeCustom(ObjectNode data, ObjectNode custom) {
        if (custom == null) {
            return;
        }
        ObjectNode ca = (ObjectNode) data.get("custom_attributes");
        custom.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                ca.remove(e.getKey());
            } else {
                ca.set(e.getKey(), e.getValue());
            }
        });
    }

    /** A contact's new state: re-indexed, versioned for search lag, counted as a write. */
    private void replaceData(ContactRec c, ObjectNode data) {
        unindex(c);
        c.data = data;
        reindex(c);
        recordVersion(c);
        markWrote();
    }

    private void unindex(ContactRec c) {
        String ext = textOrNull(c.data.get("external_id"));
        if (ext != null && c.id.equals(contactByExternalId.get(ext))) {
            contactByExternalId.remove(ext);
        }
        String email = textOrNull(c.data.get("email"));
        if (email != null && c.id.equals(userByEmail.get(email.toLowerCase(Locale.ROOT)))) {
            userByEmail.remove(email.toLowerCase(Locale.ROOT));
        }
    }

    private void reindex(ContactRec c) {
        String ext = textOrNull(c.data.get("external_id"));
        if (ext != null) {
            contactByExternalId.put(ext, c.id);
        }
        String email = textOrNull(c.data.get("email"));
        if (email != null && "user".equals(c.data.get("role").asText())) {
            userByEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), c.id);
        }
    }

    private void recordVersion(ContactRec c) {
        long now = nowMs();
        c.history.add(new Object[]{c.data, now});
        long lag = searchLagMs;
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

    synchronized ObjectNode deleteContact(String id) {
        ContactRec c = contact(id);
        unindex(c);
        contacts.remove(id);
        for (String co : c.companyIds) {
            CompanyRec comp = companies.get(co);
            if (comp != null) {
                comp.contactIds.remove(id);
            }
        }
        markWrote();
        ObjectNode o = contactRef(c);
        o.put("deleted", true);
        return o;
    }

    private static ObjectNode contactRef(ContactRec c) {
        ObjectNode o = Json.obj();
        o.put("type", "contact");
        o.put("id", c.id);
        o.set("external_id", c.data.get("external_id"));
        return o;
    }

    synchronized ObjectNode archiveContact(String id, boolean archive) {
        ContactRec c = contact(id);
        if (c.archived != archive) {
            c.archived = archive;
            markWrote();
        }
        ObjectNode o = contactRef(c);
        o.put("archived", archive);
        return o;
    }

    /** The contact schema's fields in the order Intercom answers with them. */
    private static final List<String> CONTACT_KEYS;

    static {
        List<String> keys = new ArrayList<>();
        new Workspace("x").newContactData("x", "user", 0).fieldNames().forEachRemaining(k -> {
            keys.add(k);
            if (k.equals("role")) {
                keys.add("email");
                keys.add("email_domain");
            }
        });
        CONTACT_KEYS = List.copyOf(keys);
    }

    /** Stored contacts keep only non-null top-level fields; rendering restores the nulls in order. */
    static ObjectNode compact(ObjectNode d) {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
        return d;
    }

    ObjectNode renderContact(ContactRec c) {
        ObjectNode o = Json.obj();
        for (String k : CONTACT_KEYS) {
            switch (k) {
                case "custom_attributes": {
                    ObjectNode ca = o.putObject(k);
                    JsonNode set = c.data.path("custom_attributes");
                    for (String name : contactAttrs.keySet()) {
                        JsonNode v = set.get(name);
                        ca.set(name, v == null ? NullNode.getInstance() : v);
                    }
                    break;
                }
                case "tags":
                    o.set(k, addressable(c.tagIds, "tag", "/tags/", "/contacts/" + c.id + "/tags"));
                    break;
                case "notes":
                    o.set(k, addressable(c.noteIds, "note", "/notes/", "/contacts/" + c.id + "/notes"));
                    break;
                case "companies":
                    o.set(k, addressable(new ArrayList<>(c.companyIds), "company", "/companies/", "/contacts/" + c.id + "/companies"));
                    break;
                case "email":
                case "email_domain": {
                    JsonNode v = c.data.get(k);
                    if (v != null) {
                        o.set(k, v);
                    }
                    break;
                }
                default: {
                    JsonNode v = c.data.get(k);
                    o.set(k, v == null ? NullNode.getInstance() : (v.isContainerNode() ? v.deepCopy() : v));
                }
            }
        }
        return o;
    }

    private static ObjectNode addressable(List<String> ids, String type, String itemUrl, String url) {
        ObjectNode l = Json.obj();
        ArrayNode data = l.putArray("data");
        for (int i = 0; i < ids.size() && i < INLINE_LIST_LIMIT; i++) {
            ObjectNode item = data.addObject();
            item.put("type", type);
            item.put("id", ids.get(i));
            item.put("url", itemUrl + ids.get(i));
        }
        l.put("url", url);
        l.put("total_count", ids.size());
        l.put("has_more", ids.size() > INLINE_LIST_LIMIT);
        return l;
    }

    /** POST /contacts/search and GET /contacts. */
    synchronized ObjectNode searchContacts(JsonNode query, String sortField, boolean descending, int perPage,
                                           String startingAfter, boolean applyLag) {
        Predicate<JsonNode> filter = query == null ? d -> true
                : Search.compile(query, SearchRules.contacts(name -> {
                    Attr a = contactAttrs.get(name);
                    return a == null ? null : a.dataType;
                }));
        long now = nowMs();
        long lag = applyLag ? searchLagMs : 0;
        List<Search.Doc> docs = new ArrayList<>(contacts.size());
        for (ContactRec c : contacts.values()) {
            if (c.archived) {
                continue;
            }
            ObjectNode view = searchView(c, now, lag);
            if (view != null) {
                docs.add(new Search.Doc(c.seq, view, c));
            }
        }
        Search.Page p = Search.page(docs, filter, sortField, descending, perPage, startingAfter);
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode data = out.putArray("data");
        for (Search.Doc d : p.docs()) {
            ContactRec c = (ContactRec) d.payload();
            if (d.view() == c.data) {
                data.add(renderContact(c));
            } else {
                ContactRec old = new ContactRec(c.id, c.seq);
                old.data = (ObjectNode) d.view();
                old.tagIds.addAll(c.tagIds);
                old.companyIds.addAll(c.companyIds);
                old.noteIds.addAll(c.noteIds);
                data.add(renderContact(old));
            }
        }
        out.put("total_count", p.totalCount());
        out.set("pages", Search.pages(p));
        return out;
    }

    synchronized ObjectNode contactTags(String id) {
        ContactRec c = contact(id);
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode data = out.putArray("data");
        for (String t : c.tagIds) {
            data.add(tagJson(t));
        }
        return out;
    }

    ObjectNode tagJson(String id) {
        ObjectNode t = Json.obj();
        t.put("type", "tag");
        t.put("id", id);
        t.put("name", tags.get(id));
        return t;
    }

    // ---------------------------------------------------------------- contact <-> company

    synchronized ObjectNode attachCompany(String contactId, JsonNode body) {
        requireObject(body);
        Validation.onlyAccepted(body, Validation.ATTACH_COMPANY);
        ContactRec c = contact(contactId);
        JsonNode idNode = body.get("id");
        if (idNode == null || idNode.isNull() || !idNode.isTextual()) {
            throw new ApiError(400, "parameter_not_found", "company not specified", "id");
        }
        CompanyRec co = companies.get(idNode.asText());
        if (co == null) {
            throw ApiError.companyNotFound();
        }
        if (c.companyIds.add(co.id)) {
            co.contactIds.add(c.id);
            markWrote();
        }
        return renderCompany(co);
    }

    synchronized ObjectNode detachCompany(String contactId, String companyId) {
        ContactRec c = contact(contactId);
        CompanyRec co = companies.get(companyId);
        if (co == null || !c.companyIds.contains(companyId)) {
            throw ApiError.companyNotFound();
        }
        c.companyIds.remove(companyId);
        co.contactIds.remove(contactId);
        markWrote();
        return renderCompany(co);
    }

    synchronized ObjectNode companiesOfContact(String contactId) {
        ContactRec c = contact(contactId);
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode arr = out.putArray("companies");
        for (String id : c.companyIds) {
            arr.add(renderCompany(companies.get(id)));
        }
        out.put("total_count", c.companyIds.size());
        ObjectNode pages = out.putObject("pages");
        pages.put("type", "pages");
        pages.putNull("next");
        pages.put("page", 1);
        pages.put("per_page", Math.max(50, c.companyIds.size()));
        pages.put("total_pages", 1);
        return out;
    }

    synchronized List<String> companyIdsOfContact(String contactId) {
        ContactRec c = contacts.get(contactId);
        return c == null ? List.of() : new ArrayList<>(c.companyIds);
    }

    // ---------------------------------------------------------------- companies

    CompanyRec company(String id) {
        CompanyRec c = companies.get(id);
        if (c == null) {
            throw ApiError.companyNotFound();
        }
        return c;
    }

    synchronized ObjectNode createOrUpdateCompany(JsonNode body) {
        requireObject(body);
        Validation.onlyAccepted(body, Validation.COMPANY);
        String companyId = text(body, "company_id");
        if (companyId == null || companyId.isEmpty()) {
            throw new ApiError(400, "parameter_not_found", "company_id not specified", "company_id");
        }
        ObjectNode custom = validateCustom(companyAttrs, body.get("custom_attributes"), "company");
        String existing = companyByCompanyId.get(companyId);
        long now = nowSec();
        CompanyRec rec;
        ObjectNode d;
        if (existing == null) {
            long s = seq++;
            rec = new CompanyRec(hexId(0x6650c0de, s), s);
            d = newCompanyData(rec.id, companyId, now);
        } else {
            rec = companies.get(existing);
            d = rec.data.deepCopy();
        }
        applyCompanyFields(d, body, custom, now);
        if (existing == null) {
            rec.data = d;
            companies.put(rec.id, rec);
            companyByCompanyId.put(companyId, rec.id);
            markWrote();
        } else if (!d.equals(rec.data)) {
            d.put("updated_at", Math.max(now, rec.data.get("updated_at").asLong()));
            rec.data = d;
            markWrote();
        }
        return renderCompany(rec);
    }

    ObjectNode newCompanyData(String id, String companyId, long now) {
        ObjectNode d = Json.obj();
        d.put("type", "company");
        d.put("company_id", companyId);
        d.put("id", id);
        d.put("app_id", workspaceId);
        d.put("created_at", now);
        d.put("updated_at", now);
        d.put("monthly_spend", 0);
        d.put("session_count", 0);
        d.put("user_count", 0);
        d.putObject("plan");
        d.putObject("custom_attributes");
        return d;
    }

    private void applyCompanyFields(ObjectNode d, JsonNode body, ObjectNode custom, long now) {
        for (String f : new String[]{"name", "website", "industry"}) {
            if (body.has(f)) {
                String v = text(body, f);
                if (v == null) {
                    d.remove(f);
                } else {
                    d.put(f, v);
                }
            }
        }
        if (body.has("size")) {
            putOrRemove(d, "size", Validation.int32(body, "size"));
        }
        if (body.has("remote_created_at")) {
            putOrRemove(d, "remote_created_at", Validation.seconds(body, "remote_created_at"));
        }
        Long spend = Validation.int32(body, "monthly_spend");
        if (spend != null) {
            d.put("monthly_spend", spend);
        }
        if (body.has("plan")) {
            String plan = text(body, "plan");
            ObjectNode p = Json.obj();
            if (plan != null) {
                p.put("type", "plan");
                p.put("id", Integer.toString(Math.abs(plan.hashCode() % 900000) + 100000));
                p.put("name", plan);
            }
            d.set("plan", p);
        }
        JsonNode ulr = body.get("update_last_request_at");
        if (ulr != null && ulr.asBoolean(false)) {
            d.put("last_request_at", now);
        }
        mergeCustom(d, custom);
    }

    /** A company keeps only the fields that are set: null removes one. */
    private static void putOrRemove(ObjectNode d, String field, Long value) {
        if (value == null) {
            d.remove(field);
        } else {
            d.put(field, value);
        }
    }

    ObjectNode renderCompany(CompanyRec c) {
        ObjectNode o = c.data.deepCopy();
        o.put("user_count", c.contactIds.size());
        ObjectNode t = o.putObject("tags");
        t.put("type", "tag.list");
        ArrayNode ta = t.putArray("tags");
        for (String id : c.tagIds) {
            ta.add(tagJson(id));
        }
        ObjectNode s = o.putObject("segments");
        s.put("type", "segment.list");
        ArrayNode sa = s.putArray("segments");
        for (String id : c.segmentIds) {
            for (Segment seg : segments) {
                if (seg.id.equals(id)) {
                    sa.add(segmentJson(seg, false));
                }
            }
        }
        return o;
    }

    synchronized ObjectNode getCompany(String id) {
        return renderCompany(company(id));
    }

    synchronized ObjectNode listCompanies(String companyId, String name, String tagId, String segmentId, int page, int perPage) {
        List<CompanyRec> all = new ArrayList<>();
        for (CompanyRec c : companies.values()) {
            if (companyId != null && !companyId.equals(c.data.path("company_id").asText())) {
                continue;
            }
            if (name != null && !name.equalsIgnoreCase(c.data.path("name").asText())) {
                continue;
            }
            if (tagId != null && !c.tagIds.contains(tagId)) {
                continue;
            }
            if (segmentId != null && !c.segmentIds.contains(segmentId)) {
                continue;
            }
            all.add(c);
        }
        if ((companyId != null || name != null) && all.isEmpty()) {
            throw ApiError.companyNotFound();
        }
        ObjectNode out = Json.obj();
        out.put("type", "list");
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode data = out.putArray("data");
        for (CompanyRec c : all.subList(from, to)) {
            data.add(renderCompany(c));
        }
        out.put("total_count", all.size());
        ObjectNode pages = out.putObject("pages");
        pages.put("type", "pages");
        pages.put("page", page);
        pages.put("per_page", perPage);
        pages.put("total_pages", (all.size() + perPage - 1) / perPage);
        return out;
    }

    synchronized ObjectNode companyContacts(String id, int page, int perPage) {
        CompanyRec co = company(id);
        List<String> ids = new ArrayList<>(co.contactIds);
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode data = out.putArray("data");
        int from = Math.min(ids.size(), (page - 1) * perPage);
        int to = Math.min(ids.size(), from + perPage);
        for (String cid : ids.subList(from, to)) {
            data.add(renderContact(contacts.get(cid)));
        }
        out.put("total_count", ids.size());
        ObjectNode pages = out.putObject("pages");
        pages.put("type", "pages");
        pages.put("page", page);
        pages.put("per_page", perPage);
        pages.put("total_pages", (ids.size() + perPage - 1) / perPage);
        return out;
    }

    synchronized ObjectNode scrollCompanies(String param) {
        long now = nowMs();
        Scroll s = scroll;
        if (s != null && now - s.lastUsedMs > scrollTtlMs) {
            scroll = s = null;
        }
        if (param == null || param.isEmpty()) {
            if (s != null) {
                throw new ApiError(400, "scroll_exists", "scroll already exists for this workspace. Please ensure to use the scroll parameter from the initial request");
            }
            s = new Scroll();
            s.param = Json.requestId();
            scroll = s;
        } else if (s == null || !s.param.equals(param)) {
            throw new ApiError(404, "not_found", "scroll_param is invalid or the scroll has expired", "scroll_param");
        }
        s.lastUsedMs = now;
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode data = out.putArray("data");
        int n = 0;
        long last = s.afterSeq;
        for (CompanyRec c : companies.values()) {
            if (c.seq > s.afterSeq && n < SCROLL_PAGE_SIZE) {
                data.add(renderCompany(c));
                last = c.seq;
                n++;
            }
        }
        s.afterSeq = last;
        if (n == 0) {
            scroll = null; // the scroll is finished; a new one may start
        }
        // as the spec's example shows: a scroll page carries neither pages nor a total
        out.putNull("pages");
        out.putNull("total_count");
        out.put("scroll_param", s.param);
        return out;
    }

    // ---------------------------------------------------------------- data attributes

    private static final String[][] CONTACT_STANDARD = {
            // name, label, description, data_type, api_writable
            {"id", "ID", "The Intercom defined id representing the contact", "string", "false"},
            {"external_id", "User ID", "A unique identifier for the contact which is given to Intercom", "string", "true"},
            {"role", "Role", "The role of the contact, user or lead", "string", "false"},
            {"name", "Name", "The name of the contact", "string", "true"},
            {"email", "Email", "The email address of the contact", "string", "true"},
            {"email_domain", "Email domain", "The domain of the contact's email address", "string", "false"},
            {"phone", "Phone", "The phone number of the contact", "string", "true"},
            {"owner_id", "Owner", "The admin who owns the contact", "integer", "true"},
            {"unsubscribed_from_emails", "Unsubscribed from emails", "Whether the contact is unsubscribed from emails", "boolean", "true"},
            {"language_override", "Language override", "A preferred language setting for the contact", "string", "false"},
            {"created_at", "Created at", "The time the contact was added to Intercom", "date", "false"},
            {"updated_at", "Last updated", "The last time the contact was updated", "date", "false"},
            {"signed_up_at", "Signed up", "The time the user signed up", "date", "true"},
            {"last_seen_at", "Last seen", "The time the contact was last seen", "date", "true"},
            {"last_contacted_at", "Last contacted", "The time the contact was last messaged", "date", "false"},
            {"last_replied_at", "Last heard from", "The time the contact last replied", "date", "false"},
            {"last_email_opened_at", "Last opened email", "The time the contact last opened an email", "date", "false"},
            {"last_email_clicked_at", "Last clicked on link in email", "The time the contact last clicked a link in an email", "date", "false"},
            {"browser", "Browser", "The browser the contact last used", "string", "false"},
            {"browser_language", "Browser language", "The language of the contact's browser", "string", "false"},
            {"os", "OS", "The operating system the contact last used", "string", "false"},
            {"location.country", "Country", "The country of the contact", "string", "false"},
            {"location.region", "Region", "The region of the contact", "string", "false"},
            {"location.city", "City", "The city of the contact", "string", "false"},
            {"has_hard_bounced", "Hard bounced", "Whether an email to the contact hard bounced", "boolean", "false"},
            {"marked_email_as_spam", "Marked email as spam", "Whether the contact marked an email as spam", "boolean", "false"},
    };
    private static final String[][] COMPANY_STANDARD = {
            {"name", "Company name", "The name of a company", "string", "true"},
            {"company_id", "Company ID", "A number identifying a company", "string", "false"},
            {"last_request_at", "Company last seen", "The last day anyone from a company visited your site or app", "date", "false"},
            {"remote_created_at", "Company created at", "The time the company was created by you", "date", "true"},
            {"user_count", "People", "The number of people in the company", "integer", "false"},
            {"session_count", "Company web sessions", "All visits from anyone in the company", "integer", "false"},
            {"plan.name", "Plan", "A specific plan or level within your product that companies have signed up to", "string", "true"},
            {"monthly_spend", "Monthly Spend", "The monthly revenue you receive from a company", "float", "true"},
            {"size", "Company size", "The number of employees in a company", "integer", "true"},
            {"industry", "Company industry", "The category or domain this company belongs to e.g. 'ecommerce' or 'SaaS'", "string", "true"},
            {"website", "Company website", "The web address for the company's primary marketing site", "string", "true"},
            {"id", "ID", "The Intercom defined id representing the company", "string", "false"},
            {"created_at", "Created at", "The time the company was added to Intercom", "date", "false"},
            {"updated_at", "Updated at", "The last time the company was updated", "date", "false"},
            {"plan.id", "Plan ID", "The Intercom defined id representing the plan", "string", "false"},
            {"app_id", "App ID", "The Intercom defined id representing the app", "string", "false"},
    };

    synchronized ObjectNode dataAttributes(String model) {
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode data = out.putArray("data");
        for (String m : model == null ? new String[]{"contact", "company"} : new String[]{model}) {
            for (String[] s : m.equals("contact") ? CONTACT_STANDARD : COMPANY_STANDARD) {
                ObjectNode a = data.addObject();
                a.put("type", "data_attribute");
                a.put("name", s[0]);
                a.put("full_name", s[0]);
                a.put("label", s[1]);
                a.put("description", s[2]);
                a.put("data_type", s[3]);
                a.put("api_writable", Boolean.parseBoolean(s[4]));
                a.put("ui_writable", false);
                a.put("messenger_writable", true);
                a.put("custom", false);
                a.put("archived", false);
                a.put("model", m);
            }
            for (Attr a : (m.equals("contact") ? contactAttrs : companyAttrs).values()) {
                data.add(attrJson(a));
            }
        }
        return out;
    }

    ObjectNode attrJson(Attr a) {
        ObjectNode o = Json.obj();
        o.put("id", a.id);
        o.put("type", "data_attribute");
        o.put("name", a.name);
        o.put("full_name", "custom_attributes." + a.name);
        o.put("label", a.name);
        if (a.description != null) {
            o.put("description", a.description);
        }
        // The spec's data_attribute.data_type enum has no "datetime": Intercom reports those as date.
        o.put("data_type", a.dataType.equals("datetime") ? "date" : a.dataType);
        if (!a.options.isEmpty()) {
            ArrayNode opts = o.putArray("options");
            a.options.forEach(opts::add);
        }
        o.put("api_writable", true);
        o.put("ui_writable", false);
        o.put("messenger_writable", a.messengerWritable);
        o.put("custom", true);
        o.put("archived", false);
        o.put("admin_id", a.adminId);
        o.put("created_at", a.createdAt);
        o.put("updated_at", a.createdAt);
        o.put("model", a.model);
        return o;
    }

    synchronized ObjectNode createDataAttribute(JsonNode body) {
        requireObject(body);
        Validation.onlyAccepted(body, Validation.DATA_ATTRIBUTE);
        String name = text(body, "name");
        String model = text(body, "model");
        String dataType = text(body, "data_type");
        if (name == null || name.isBlank()) {
            throw new ApiError(400, "parameter_not_found", "name not specified", "name");
        }
        if (!"contact".equals(model) && !"company".equals(model)) {
            throw new ApiError(400, "parameter_invalid", "The Data Attribute model field must be either contact or company", "model");
        }
        if (!ATTR_NAME.matcher(name).matches()) {
            throw new ApiError(400, "parameter_invalid", "Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens", "name");
        }
        List<String> options = new ArrayList<>();
        if ("options".equals(dataType)) {
            JsonNode opts = body.get("options");
            if (opts == null || !opts.isArray() || opts.size() < 2) {
                throw new ApiError(400, "parameter_invalid", "At least two options are required for a list attribute", "options");
            }
            for (JsonNode o : opts) {
                String option = o.isObject() ? o.path("value").asText() : o.asText();
                Validation.checkLength("options", option);
                options.add(option);
            }
            dataType = "string";
        } else if (body.has("options")) {
            throw new ApiError(400, "parameter_invalid", "options are only for data_type options", "options");
        }
        if (dataType == null || !Set.of("string", "integer", "float", "boolean", "date", "datetime").contains(dataType)) {
            throw new ApiError(400, "parameter_invalid", "Data Type isn't an option", "data_type");
        }
        Map<String, Attr> attrs = model.equals("contact") ? contactAttrs : companyAttrs;
        boolean standard = false;
        for (String[] s : model.equals("contact") ? CONTACT_STANDARD : COMPANY_STANDARD) {
            standard |= s[0].equalsIgnoreCase(name);
        }
        for (String existing : attrs.keySet()) {
            standard |= existing.equalsIgnoreCase(name);
        }
        if (standard) {
            throw new ApiError(400, "parameter_invalid", "You already have '" + name + "' in your " + model
                    + " data. To save this as new " + (model.equals("contact") ? "people" : "company") + " data, use a different name.", "name");
        }
        JsonNode mw = body.get("messenger_writable");
        if (mw != null && !mw.isNull() && !mw.isBoolean()) {
            throw new ApiError(400, "parameter_invalid", "messenger_writable must be a boolean", "messenger_writable");
        }
        Attr a = addAttr(model, name, dataType, options, text(body, "description"), nowSec());
        a.messengerWritable = mw != null && mw.asBoolean(false);
        markWrote();
        return attrJson(a);
    }

    Attr addAttr(String model, String name, String dataType, List<String> options, String description, long createdAt) {
        Attr a = new Attr();
        a.id = nextAttrId++;
        a.name = name;
        a.model = model;
        a.dataType = dataType;
        a.options = List.copyOf(options);
        a.description = description;
        a.createdAt = createdAt;
        a.adminId = admins.isEmpty() ? "1" : admins.get(0).get("id").asText();
        (model.equals("contact") ? contactAttrs : companyAttrs).put(name, a);
        return a;
    }

    // ---------------------------------------------------------------- admins, teams, tags, segments

    synchronized ObjectNode me(String appName) {
        ObjectNode a = admins.get(0).deepCopy();
        a.remove("away_status_reason_id");
        a.put("email_verified", true);
        ObjectNode av = Json.obj();
        av.put("type", "avatar");
        av.putNull("image_url");
        a.set("avatar", av);
        ObjectNode app = a.putObject("app");
        app.put("type", "app");
        app.put("id_code", workspaceId);
        app.put("name", appName);
        app.put("created_at", 1_600_000_000L);
        app.put("identity_verification", false);
        app.put("timezone", "Etc/UTC");
        app.put("region", "US");
        return a;
    }

    synchronized ObjectNode listAdmins() {
        ObjectNode out = Json.obj();
        out.put("type", "admin.list");
        ArrayNode arr = out.putArray("admins");
        admins.forEach(a -> arr.add(a.deepCopy()));
        return out;
    }

    synchronized ObjectNode getAdmin(String id) {
        for (ObjectNode a : admins) {
            if (a.get("id").asText().equals(id)) {
                return a.deepCopy();
            }
        }
        throw new ApiError(404, "admin_not_found", "Admin not found");
    }

    synchronized ObjectNode listTeams() {
        ObjectNode out = Json.obj();
        out.put("type", "team.list");
        ArrayNode arr = out.putArray("teams");
        teams.forEach(t -> arr.add(t.deepCopy()));
        return out;
    }

    synchronized ObjectNode listTags() {
        ObjectNode out = Json.obj();
        out.put("type", "list");
        ArrayNode arr = out.putArray("data");
        tags.keySet().forEach(id -> arr.add(tagJson(id)));
        return out;
    }

    ObjectNode segmentJson(Segment s, boolean includeCount) {
        ObjectNode o = Json.obj();
        o.put("type", "segment");
        o.put("id", s.id);
        o.put("name", s.name);
        o.put("created_at", s.createdAt);
        o.put("updated_at", s.updatedAt);
        if (!s.personType.equals("company")) {
            o.put("person_type", s.personType); // the spec's enum knows only contact|user
        }
        if (includeCount) {
            int n = 0;
            if (s.contactRule != null) {
                for (ContactRec c : contacts.values()) {
                    if (!c.archived && s.contactRule.test(c)) {
                        n++;
                    }
                }
            } else {
                for (CompanyRec c : companies.values()) {
                    if (c.segmentIds.contains(s.id)) {
                        n++;
                    }
                }
            }
            o.put("count", n);
        }
        return o;
    }

    synchronized ObjectNode listSegments(boolean includeCount, boolean companySegments) {
        ObjectNode out = Json.obj();
        out.put("type", "segment.list");
        ArrayNode arr = out.putArray("segments");
        for (Segment s : segments) {
            if (s.personType.equals("company") == companySegments) {
                arr.add(segmentJson(s, includeCount));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- conversations

    synchronized ObjectNode listConversations(JsonNode query, String sortField, boolean descending, int perPage,
                                              String startingAfter) {
        Predicate<JsonNode> filter = query == null ? d -> true
                : Search.compile(query, SearchRules.conversations());
        // Conversations are only written by the seeder (before any search), so search lag never hides one.
        List<Search.Doc> docs = new ArrayList<>(conversations.size());
        for (ConvRec c : conversations.values()) {
            docs.add(new Search.Doc(c.seq, c.data, c));
        }
        Search.Page p = Search.page(docs, filter, sortField, descending, perPage, startingAfter);
        ObjectNode out = Json.obj();
        out.put("type", "conversation.list");
        ArrayNode arr = out.putArray("conversations");
        for (Search.Doc d : p.docs()) {
            arr.add(d.view().deepCopy());
        }
        out.put("total_count", p.totalCount());
        out.set("pages", Search.pages(p));
        return out;
    }

    synchronized ObjectNode getConversation(String id) {
        ConvRec c;
        try {
            c = conversations.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            c = null;
        }
        if (c == null) {
            throw ApiError.notFound();
        }
        ObjectNode o = c.data.deepCopy();
        ObjectNode parts = o.putObject("conversation_parts");
        parts.put("type", "conversation_part.list");
        ArrayNode arr = parts.putArray("conversation_parts");
        int from = Math.max(0, c.parts.size() - 500); // Intercom returns at most the 500 newest parts
        for (int i = from; i < c.parts.size(); i++) {
            arr.add(c.parts.get(i).json());
        }
        parts.put("total_count", c.parts.size());
        return o;
    }

    // ---------------------------------------------------------------- inspection

    synchronized List<ObjectNode> allContacts() {
        List<ObjectNode> out = new ArrayList<>();
        contacts.values().forEach(c -> out.add(renderContact(c)));
        return out;
    }

    synchronized Optional<ObjectNode> contactByExternalIdForTest(String ext) {
        String id = contactByExternalId.get(ext);
        return id == null ? Optional.empty() : Optional.of(renderContact(contacts.get(id)));
    }

    synchronized List<String> tagNamesForTest(String ext) {
        String id = contactByExternalId.get(ext);
        List<String> names = new ArrayList<>();
        if (id != null) {
            contacts.get(id).tagIds.forEach(t -> names.add(tags.get(t)));
        }
        return names;
    }

    synchronized boolean archivedForTest(String ext) {
        String id = contactByExternalId.get(ext);
        return id != null && contacts.get(id).archived;
    }

    synchronized List<ObjectNode> allCompanies() {
        List<ObjectNode> out = new ArrayList<>();
        companies.values().forEach(c -> out.add(renderCompany(c)));
        return out;
    }

    synchronized List<ObjectNode> attributeList(String model) {
        List<ObjectNode> out = new ArrayList<>();
        dataAttributes(model).get("data").forEach(n -> out.add((ObjectNode) n));
        return out;
    }
}
