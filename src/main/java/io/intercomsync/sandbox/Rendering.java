package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Contacts and companies as the spec's schemas answer them, built from the stored records: a contact gets
 * back the null fields storage leaves out, in the schema's order, and its tags, notes and companies as
 * addressable lists; a company gets its user count, tags and segments. Used by every part that answers
 * with a contact or a company; callers hold the workspace's lock.
 */
final class Rendering {
    static final int INLINE_LIST_LIMIT = 10;

    /** The contact schema's fields in the order Intercom answers with them. */
    private static final List<String> CONTACT_KEYS;

    static {
        List<String> keys = new ArrayList<>();
        Contacts.newContactData("x", "x", "user", 0).fieldNames().forEachRemaining(k -> {
            keys.add(k);
            if (k.equals("role")) {
                keys.add("email");
                keys.add("email_domain");
            }
        });
        CONTACT_KEYS = List.copyOf(keys);
    }

    private final Workspace ws;

    Rendering(Workspace ws) {
        this.ws = ws;
    }

    /**
     * A contact as the contact schema answers it: every field in the schema's order (the stored nulls restored),
     * every defined custom attribute (null when unset), and its tags, notes and companies as addressable lists.
     */
    ObjectNode contact(Contacts.ContactRec c) {
        ObjectNode o = Json.obj();
        for (String k : CONTACT_KEYS) {
            switch (k) {
                case "custom_attributes": {
                    ObjectNode ca = o.putObject(k);
                    JsonNode set = c.data.path("custom_attributes");
                    for (String name : ws.contactAttrs.keySet()) {
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

    /** An addressable list inside a contact: the first {@link #INLINE_LIST_LIMIT} items, the total, and whether there are more. */
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

    /** A company as stored (only the fields that are set), with the number of its contacts, its tags and its segments. */
    ObjectNode company(Companies.CompanyRec c) {
        ObjectNode o = c.data.deepCopy();
        o.put("user_count", c.contactIds.size());
        ObjectNode t = o.putObject("tags");
        t.put("type", "tag.list");
        ArrayNode ta = t.putArray("tags");
        for (String id : c.tagIds) {
            ta.add(ws.tagJson(id));
        }
        ObjectNode s = o.putObject("segments");
        s.put("type", "segment.list");
        ArrayNode sa = s.putArray("segments");
        for (String id : c.segmentIds) {
            for (Workspace.Segment seg : ws.segments) {
                if (seg.id.equals(id)) {
                    sa.add(ws.segmentJson(seg, false));
                }
            }
        }
        return o;
    }
}
