package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tags and contacts' tags, as Intercom 2.16 answers them: {@code POST /tags} creates a tag or returns
 * the one of that name (names are case-insensitive) or renames one by id; {@code POST /contacts/{id}/tags}
 * and {@code DELETE /contacts/{id}/tags/{tag_id}} attach and detach. An archived contact cannot be tagged
 * (404, like its update). Kept out of {@link Workspace}, whose state it reads under the workspace's lock.
 */
final class Tagging {
    static final Validation.Accepted CREATE_TAG = new Validation.Accepted("a tag", List.of("name", "id"));
    static final Validation.Accepted TAG_CONTACT = new Validation.Accepted("tagging a contact", List.of("id"));

    private final Workspace ws;

    Tagging(Workspace ws) {
        this.ws = ws;
    }

    ObjectNode createOrUpdate(JsonNode body) {
        Validation.requireObject(body);
        if (body.has("companies") || body.has("users")) {
            throw new ApiError(400, "parameter_invalid", "the sandbox does not tag companies or users through POST /tags;"
                    + " tag a contact with POST /contacts/{id}/tags");
        }
        Validation.onlyAccepted(body, CREATE_TAG);
        JsonNode nameNode = body.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw new ApiError(400, "parameter_invalid", "invalid tag parameters", "name");
        }
        String name = nameNode.asText().trim();
        synchronized (ws) {
            JsonNode idNode = body.get("id");
            if (idNode != null && !idNode.isNull()) {
                if (!idNode.isTextual() || !ws.tags.containsKey(idNode.asText())) {
                    throw new ApiError(404, "not_found", "Resource Not Found");
                }
                String sameName = idOf(name);
                if (sameName != null && !sameName.equals(idNode.asText())) {
                    throw new ApiError(400, "parameter_invalid", "A tag with the name '" + name + "' already exists");
                }
                ws.tags.put(idNode.asText(), name);
                Workspace.markWrote();
                return created(idNode.asText());
            }
            String existing = idOf(name);
            if (existing != null) {
                return created(existing);
            }
            String id = Long.toString(8_100_000L + ws.tags.size()); // tags are never deleted here: sizes only grow
            ws.tags.put(id, name);
            Workspace.markWrote();
            return created(id);
        }
    }

    /** tag_create_response: the tag, and whom this call tagged (nobody: only contacts' own endpoints tag here). */
    private ObjectNode created(String id) {
        ObjectNode t = ws.tagJson(id);
        t.putArray("users");
        t.putArray("companies");
        return t;
    }

    ObjectNode tagContact(String contactId, JsonNode body) {
        Validation.requireObject(body);
        Validation.onlyAccepted(body, TAG_CONTACT);
        JsonNode idNode = body.get("id");
        if (idNode == null || idNode.isNull() || !idNode.isTextual()) {
            throw new ApiError(400, "parameter_not_found", "tag not specified", "id");
        }
        synchronized (ws) {
            Contacts.ContactRec c = writable(contactId);
            String tagId = idNode.asText();
            if (!ws.tags.containsKey(tagId)) {
                throw new ApiError(404, "not_found", "Resource Not Found");
            }
            if (!c.tagIds.contains(tagId)) {
                c.tagIds.add(tagId);
                Workspace.markWrote();
            }
            return applied(tagId);
        }
    }

    ObjectNode untagContact(String contactId, String tagId) {
        synchronized (ws) {
            Contacts.ContactRec c = writable(contactId);
            if (!ws.tags.containsKey(tagId) || !c.tagIds.contains(tagId)) {
                throw new ApiError(404, "not_found", "Resource Not Found");
            }
            c.tagIds.remove(tagId);
            Workspace.markWrote();
            return ws.tagJson(tagId);
        }
    }

    private Contacts.ContactRec writable(String contactId) {
        Contacts.ContactRec c = ws.contacts.record(contactId);
        if (c.archived) {
            throw ApiError.contactNotFound();
        }
        return c;
    }

    private ObjectNode applied(String tagId) {
        ObjectNode t = ws.tagJson(tagId);
        t.put("applied_at", Workspace.nowSec());
        ObjectNode by = t.putObject("applied_by");
        by.put("type", "admin");
        by.put("id", ws.admins.isEmpty() ? "1" : ws.admins.get(0).get("id").asText());
        return t;
    }

    private String idOf(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : ws.tags.entrySet()) {
            if (e.getValue().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e.getKey();
            }
        }
        return null;
    }
}
