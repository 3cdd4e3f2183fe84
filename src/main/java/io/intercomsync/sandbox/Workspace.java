package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The in-memory Intercom workspace: its state, and the admins, teams, tags and segments. The operations on
 * contacts, companies, data attributes and conversations are in their own parts ({@link Contacts},
 * {@link Companies}, {@link DataAttributes}, {@link Conversations}, and {@link Rendering} for the JSON of
 * contacts and companies), which read and write this state. Every public-facing operation, here or in a part,
 * is {@code synchronized} on the workspace: one lock keeps duplicate checks and writes atomic (50 parallel
 * creates of one external_id make one contact), and each operation is short.
 */
final class Workspace {
    /** A scroll expires after this long without use (Intercom: one minute). Tests shorten it. */
    volatile long scrollTtlMs = 60_000;
    /** A list or search cursor older than this is refused (see {@link Search.Cursor}); 0: every one is. */
    volatile long cursorMaxAgeMs = 60_000;
    /** Cursors of another generation are refused: it starts at random (another sandbox's are unknown here). */
    private final java.util.concurrent.atomic.AtomicLong cursorGeneration =
            new java.util.concurrent.atomic.AtomicLong(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    private static final ThreadLocal<boolean[]> WROTE = ThreadLocal.withInitial(() -> new boolean[1]);

    final String workspaceId;
    volatile long searchLagMs;

    // The state: read and written by the parts only while they hold this workspace's lock.
    long seq = 1;
    final Map<String, Contacts.ContactRec> contactsById = new LinkedHashMap<>();
    final Map<String, String> contactByExternalId = new HashMap<>();
    final Map<String, String> userByEmail = new HashMap<>();
    /** Merged-away contact id -> the contact it was merged into. */
    final Map<String, String> mergedInto = new HashMap<>();
    final Map<String, Companies.CompanyRec> companiesById = new LinkedHashMap<>();
    final Map<String, String> companyByCompanyId = new HashMap<>();
    final Map<String, DataAttributes.Attr> contactAttrs = new LinkedHashMap<>();
    final Map<String, DataAttributes.Attr> companyAttrs = new LinkedHashMap<>();
    int nextAttrId = 100;
    final List<ObjectNode> admins = new ArrayList<>();
    final List<ObjectNode> teams = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>(); // id -> name
    final List<Segment> segments = new ArrayList<>();
    final TreeMap<Long, Conversations.ConvRec> conversationsById = new TreeMap<>();
    Companies.Scroll scroll;

    // The operations, one part per kind of record; each holds this workspace's lock while it runs.
    final Contacts contacts = new Contacts(this);
    final Companies companies = new Companies(this);
    final DataAttributes attributes = new DataAttributes(this);
    final Conversations conversations = new Conversations(this);
    final Rendering render = new Rendering(this);

    static final class Segment {
        String id;
        String name;
        String personType; // "user", "contact" or "company"
        long createdAt;
        long updatedAt;
        Predicate<Contacts.ContactRec> contactRule; // for people segments
    }

    Workspace(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    Search.CursorLife cursorLife() {
        return new Search.CursorLife(cursorMaxAgeMs, cursorGeneration.get());
    }

    /** Every cursor issued until now is refused from now on. */
    void expireCursors() {
        cursorGeneration.incrementAndGet();
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

    /** A tag as the tag schema answers it; contacts, companies and {@link Tagging} all show tags this way. */
    ObjectNode tagJson(String id) {
        ObjectNode t = Json.obj();
        t.put("type", "tag");
        t.put("id", id);
        t.put("name", tags.get(id));
        return t;
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
                for (Contacts.ContactRec c : contactsById.values()) {
                    if (!c.archived && s.contactRule.test(c)) {
                        n++;
                    }
                }
            } else {
                for (Companies.CompanyRec c : companiesById.values()) {
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

    // ---------------------------------------------------------------- inspection

    synchronized List<ObjectNode> allContacts() {
        List<ObjectNode> out = new ArrayList<>();
        contactsById.values().forEach(c -> out.add(render.contact(c)));
        return out;
    }

    synchronized Optional<ObjectNode> contactByExternalIdForTest(String ext) {
        String id = contactByExternalId.get(ext);
        return id == null ? Optional.empty() : Optional.of(render.contact(contactsById.get(id)));
    }

    synchronized List<String> tagNamesForTest(String ext) {
        String id = contactByExternalId.get(ext);
        List<String> names = new ArrayList<>();
        if (id != null) {
            contactsById.get(id).tagIds.forEach(t -> names.add(tags.get(t)));
        }
        return names;
    }

    synchronized boolean archivedForTest(String ext) {
        String id = contactByExternalId.get(ext);
        return id != null && contactsById.get(id).archived;
    }

    synchronized List<ObjectNode> allCompanies() {
        List<ObjectNode> out = new ArrayList<>();
        companiesById.values().forEach(c -> out.add(render.company(c)));
        return out;
    }

    synchronized List<ObjectNode> attributeList(String model) {
        List<ObjectNode> out = new ArrayList<>();
        attributes.list(model).get("data").forEach(n -> out.add((ObjectNode) n));
        return out;
    }
}
