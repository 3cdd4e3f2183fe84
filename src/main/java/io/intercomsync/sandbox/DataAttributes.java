package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.intercomsync.sandbox.Validation.requireObject;
import static io.intercomsync.sandbox.Validation.text;

/**
 * Data attributes: the standard ones of contacts and companies, the custom ones {@code POST /data_attributes}
 * defines, and the checks a custom attribute's value must pass on a contact or a company. The definitions are
 * {@link Workspace}'s state; listing and creating hold the workspace's lock.
 */
final class DataAttributes {
    private static final Pattern ATTR_NAME = Pattern.compile("[\\p{L}\\p{N}\\p{Sc}_\\- ]+");

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

    private final Workspace ws;

    DataAttributes(Workspace ws) {
        this.ws = ws;
    }

    /** GET /data_attributes: the standard attributes, then the custom ones, of one model or both. */
    ObjectNode list(String model) {
        synchronized (ws) {
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
                for (Attr a : (m.equals("contact") ? ws.contactAttrs : ws.companyAttrs).values()) {
                    data.add(json(a));
                }
            }
            return out;
        }
    }

    ObjectNode json(Attr a) {
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

    ObjectNode create(JsonNode body) {
        synchronized (ws) {
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
            Map<String, Attr> attrs = model.equals("contact") ? ws.contactAttrs : ws.companyAttrs;
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
            Attr a = add(model, name, dataType, options, text(body, "description"), Workspace.nowSec());
            a.messengerWritable = mw != null && mw.asBoolean(false);
            Workspace.markWrote();
            return json(a);
        }
    }

    /** Defines a custom attribute (used by create and by the seeder). */
    Attr add(String model, String name, String dataType, List<String> options, String description, long createdAt) {
        Attr a = new Attr();
        a.id = ws.nextAttrId++;
        a.name = name;
        a.model = model;
        a.dataType = dataType;
        a.options = List.copyOf(options);
        a.description = description;
        a.createdAt = createdAt;
        a.adminId = ws.admins.isEmpty() ? "1" : ws.admins.get(0).get("id").asText();
        (model.equals("contact") ? ws.contactAttrs : ws.companyAttrs).put(name, a);
        return a;
    }

    /** Validates custom attribute values against the attribute definitions; returns them as given. */
    static ObjectNode validateCustom(Map<String, Attr> attrs, JsonNode custom, String model) {
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

    /** Writes validated custom attributes into a record's data: a JSON null removes the attribute. */
    static void mergeCustom(ObjectNode data, ObjectNode custom) {
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
}
