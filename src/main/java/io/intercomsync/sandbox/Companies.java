package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static io.intercomsync.sandbox.Validation.requireObject;
import static io.intercomsync.sandbox.Validation.text;

/**
 * Companies: create-or-update by company_id, show, list, the scroll, a company's contacts, and attaching
 * contacts to companies and detaching them. The records are {@link Workspace}'s state; every operation here
 * holds the workspace's lock, as the contacts' do, because attaching writes both a contact and a company.
 */
final class Companies {
    static final int SCROLL_PAGE_SIZE = 15;

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

    /** The one live scroll of the workspace: where it stands, and when it was last used (it expires after {@code scrollTtlMs}). */
    static final class Scroll {
        String param;
        long lastUsedMs;
        long afterSeq;
    }

    private final Workspace ws;

    Companies(Workspace ws) {
        this.ws = ws;
    }

    // ---------------------------------------------------------------- contact <-> company

    ObjectNode attach(String contactId, JsonNode body) {
        synchronized (ws) {
            requireObject(body);
            Validation.onlyAccepted(body, Validation.ATTACH_COMPANY);
            Contacts.ContactRec c = ws.contacts.record(contactId);
            JsonNode idNode = body.get("id");
            if (idNode == null || idNode.isNull() || !idNode.isTextual()) {
                throw new ApiError(400, "parameter_not_found", "company not specified", "id");
            }
            CompanyRec co = ws.companiesById.get(idNode.asText());
            if (co == null) {
                throw ApiError.companyNotFound();
            }
            if (c.companyIds.add(co.id)) {
                co.contactIds.add(c.id);
                Workspace.markWrote();
            }
            return ws.render.company(co);
        }
    }

    ObjectNode detach(String contactId, String companyId) {
        synchronized (ws) {
            Contacts.ContactRec c = ws.contacts.record(contactId);
            CompanyRec co = ws.companiesById.get(companyId);
            if (co == null || !c.companyIds.contains(companyId)) {
                throw ApiError.companyNotFound();
            }
            c.companyIds.remove(companyId);
            co.contactIds.remove(contactId);
            Workspace.markWrote();
            return ws.render.company(co);
        }
    }

    /** GET /contacts/{id}/companies. */
    ObjectNode ofContact(String contactId) {
        synchronized (ws) {
            Contacts.ContactRec c = ws.contacts.record(contactId);
            ObjectNode out = Json.obj();
            out.put("type", "list");
            ArrayNode arr = out.putArray("companies");
            for (String id : c.companyIds) {
                arr.add(ws.render.company(ws.companiesById.get(id)));
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
    }

    List<String> idsOfContact(String contactId) {
        synchronized (ws) {
            Contacts.ContactRec c = ws.contactsById.get(contactId);
            return c == null ? List.of() : new ArrayList<>(c.companyIds);
        }
    }

    // ---------------------------------------------------------------- companies

    /** The stored company with this id, or 404. Callers hold the workspace's lock. */
    CompanyRec record(String id) {
        CompanyRec c = ws.companiesById.get(id);
        if (c == null) {
            throw ApiError.companyNotFound();
        }
        return c;
    }

    ObjectNode createOrUpdate(JsonNode body) {
        synchronized (ws) {
            requireObject(body);
            Validation.onlyAccepted(body, Validation.COMPANY);
            String companyId = text(body, "company_id");
            if (companyId == null || companyId.isEmpty()) {
                throw new ApiError(400, "parameter_not_found", "company_id not specified", "company_id");
            }
            ObjectNode custom = DataAttributes.validateCustom(ws.companyAttrs, body.get("custom_attributes"), "company");
            String existing = ws.companyByCompanyId.get(companyId);
            long now = Workspace.nowSec();
            CompanyRec rec;
            ObjectNode d;
            if (existing == null) {
                long s = ws.seq++;
                rec = new CompanyRec(Workspace.hexId(0x6650c0de, s), s);
                d = newCompanyData(rec.id, companyId, now);
            } else {
                rec = ws.companiesById.get(existing);
                d = rec.data.deepCopy();
            }
            applyCompanyFields(d, body, custom, now);
            if (existing == null) {
                rec.data = d;
                ws.companiesById.put(rec.id, rec);
                ws.companyByCompanyId.put(companyId, rec.id);
                Workspace.markWrote();
            } else if (!d.equals(rec.data)) {
                d.put("updated_at", Math.max(now, rec.data.get("updated_at").asLong()));
                rec.data = d;
                Workspace.markWrote();
            }
            return ws.render.company(rec);
        }
    }

    ObjectNode newCompanyData(String id, String companyId, long now) {
        ObjectNode d = Json.obj();
        d.put("type", "company");
        d.put("company_id", companyId);
        d.put("id", id);
        d.put("app_id", ws.workspaceId);
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
        DataAttributes.mergeCustom(d, custom);
    }

    /** A company keeps only the fields that are set: null removes one. */
    private static void putOrRemove(ObjectNode d, String field, Long value) {
        if (value == null) {
            d.remove(field);
        } else {
            d.put(field, value);
        }
    }

    ObjectNode show(String id) {
        synchronized (ws) {
            return ws.render.company(record(id));
        }
    }

    ObjectNode list(String companyId, String name, String tagId, String segmentId, int page, int perPage) {
        synchronized (ws) {
            List<CompanyRec> all = new ArrayList<>();
            for (CompanyRec c : ws.companiesById.values()) {
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
                data.add(ws.render.company(c));
            }
            out.put("total_count", all.size());
            ObjectNode pages = out.putObject("pages");
            pages.put("type", "pages");
            pages.put("page", page);
            pages.put("per_page", perPage);
            pages.put("total_pages", (all.size() + perPage - 1) / perPage);
            return out;
        }
    }

    /** GET /companies/{id}/contacts. */
    ObjectNode contactsOf(String id, int page, int perPage) {
        synchronized (ws) {
            CompanyRec co = record(id);
            List<String> ids = new ArrayList<>(co.contactIds);
            ObjectNode out = Json.obj();
            out.put("type", "list");
            ArrayNode data = out.putArray("data");
            int from = Math.min(ids.size(), (page - 1) * perPage);
            int to = Math.min(ids.size(), from + perPage);
            for (String cid : ids.subList(from, to)) {
                data.add(ws.render.contact(ws.contactsById.get(cid)));
            }
            out.put("total_count", ids.size());
            ObjectNode pages = out.putObject("pages");
            pages.put("type", "pages");
            pages.put("page", page);
            pages.put("per_page", perPage);
            pages.put("total_pages", (ids.size() + perPage - 1) / perPage);
            return out;
        }
    }

    ObjectNode scroll(String param) {
        synchronized (ws) {
            long now = Workspace.nowMs();
            Scroll s = ws.scroll;
            if (s != null && now - s.lastUsedMs > ws.scrollTtlMs) {
                ws.scroll = s = null;
            }
            if (param == null || param.isEmpty()) {
                if (s != null) {
                    throw new ApiError(400, "scroll_exists", "scroll already exists for this workspace. Please ensure to use the scroll parameter from the initial request");
                }
                s = new Scroll();
                s.param = Json.requestId();
                ws.scroll = s;
            } else if (s == null || !s.param.equals(param)) {
                throw new ApiError(404, "not_found", "scroll_param is invalid or the scroll has expired", "scroll_param");
            }
            s.lastUsedMs = now;
            ObjectNode out = Json.obj();
            out.put("type", "list");
            ArrayNode data = out.putArray("data");
            int n = 0;
            long last = s.afterSeq;
            for (CompanyRec c : ws.companiesById.values()) {
                if (c.seq > s.afterSeq && n < SCROLL_PAGE_SIZE) {
                    data.add(ws.render.company(c));
                    last = c.seq;
                    n++;
                }
            }
            s.afterSeq = last;
            if (n == 0) {
                ws.scroll = null; // the scroll is finished; a new one may start
            }
            // as the spec's example shows: a scroll page carries neither pages nor a total
            out.putNull("pages");
            out.putNull("total_count");
            out.put("scroll_param", s.param);
            return out;
        }
    }
}
