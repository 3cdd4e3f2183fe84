package io.intercomsync.singer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of every stream, as records come out of {@link RecordTransformer}: Intercom's unix
 * seconds become RFC 3339 date-times, addressable lists become arrays (de-nested as the seed tap did).
 * Every field is nullable; objects are closed ({@code additionalProperties: false}) except custom
 * attributes, whose names are the workspace's own.
 */
final class Schemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    static ObjectNode of(TapStream s) {
        return switch (s) {
            case ADMINS -> root(
                    "type", str(), "id", str(), "name", str(), "email", str(), "job_title", str(),
                    "away_mode_enabled", bool(), "away_mode_reassign", bool(), "has_inbox_seat", bool(),
                    "team_ids", arr(integer()), "avatar", obj("type", str(), "image_url", str()),
                    "away_status_reason_id", integer(), "role", openObject(), "team_priority_level", openObject());
            case TEAMS -> root(
                    "type", str(), "id", str(), "name", str(), "admin_ids", arr(integer()),
                    "admin_priority_level", obj("primary_admin_ids", arr(integer()), "secondary_admin_ids", arr(integer())),
                    "assignment_limit", integer(), "distribution_method", str());
            case TAGS -> root("type", str(), "id", str(), "name", str());
            case SEGMENTS, COMPANY_SEGMENTS -> root(
                    "type", str(), "id", str(), "name", str(), "created_at", dateTime(), "updated_at", dateTime(),
                    "person_type", str(), "count", integer());
            case CUSTOMER_ATTRIBUTES, COMPANY_ATTRIBUTES -> root(
                    "type", str(), "id", integer(), "model", str(), "name", str(), "full_name", str(), "label", str(),
                    "description", str(), "data_type", str(), "options", arr(str()), "api_writable", bool(),
                    "ui_writable", bool(), "messenger_writable", bool(), "custom", bool(), "archived", bool(),
                    "admin_id", str(), "created_at", dateTime(), "updated_at", dateTime());
            case USERS, LEADS -> root(
                    "type", str(), "id", str(), "workspace_id", str(), "external_id", str(), "role", str(),
                    "email", str(), "email_domain", str(), "phone", str(), "name", str(),
                    "avatar", obj("type", str(), "image_url", str()), "owner_id", integer(),
                    "social_profiles", arr(obj("type", str(), "name", str(), "url", str())),
                    "has_hard_bounced", bool(), "marked_email_as_spam", bool(), "unsubscribed_from_emails", bool(),
                    "created_at", dateTime(), "updated_at", dateTime(), "signed_up_at", dateTime(),
                    "last_seen_at", dateTime(), "last_replied_at", dateTime(), "last_contacted_at", dateTime(),
                    "last_email_opened_at", dateTime(), "last_email_clicked_at", dateTime(),
                    "language_override", str(), "browser", str(), "browser_version", str(), "browser_language", str(),
                    "os", str(),
                    "location", obj("type", str(), "country", str(), "region", str(), "city", str(),
                            "country_code", str(), "continent_code", str()),
                    "android_app_name", str(), "android_app_version", str(), "android_device", str(),
                    "android_os_version", str(), "android_sdk_version", str(), "android_last_seen_at", dateTime(),
                    "ios_app_name", str(), "ios_app_version", str(), "ios_device", str(),
                    "ios_os_version", str(), "ios_sdk_version", str(), "ios_last_seen_at", dateTime(),
                    "custom_attributes", openObject(),
                    "tags", arr(obj("id", str(), "name", str())),
                    "companies", arr(obj("id", str())),
                    "merge_history", arr(openObject()));
            case COMPANIES -> root(
                    "type", str(), "id", str(), "company_id", str(), "app_id", str(), "name", str(),
                    "created_at", dateTime(), "updated_at", dateTime(), "remote_created_at", dateTime(),
                    "last_request_at", dateTime(), "monthly_spend", number(), "session_count", integer(),
                    "user_count", integer(), "size", integer(), "website", str(), "industry", str(),
                    "plan", obj("type", str(), "id", str(), "name", str()),
                    "custom_attributes", openObject(),
                    "tags", arr(obj("type", str(), "id", str(), "name", str())),
                    "segments", arr(obj("type", str(), "id", str(), "name", str(), "created_at", dateTime(),
                            "updated_at", dateTime(), "person_type", str(), "count", integer())));
            case CONVERSATIONS -> root(
                    "type", str(), "id", str(), "title", str(), "created_at", dateTime(), "updated_at", dateTime(),
                    "waiting_since", dateTime(), "snoozed_until", dateTime(), "open", bool(), "state", str(),
                    "read", bool(), "priority", str(), "admin_assignee_id", integer(), "team_assignee_id", integer(),
                    "tags", arr(obj("type", str(), "id", str(), "name", str(), "applied_at", dateTime(),
                            "applied_by", obj("type", str(), "id", str()))),
                    "source", obj("type", str(), "id", str(), "delivered_as", str(), "subject", str(), "body", str(),
                            "author", author(), "url", str(), "redacted", bool(),
                            "attachments", arr(attachment())),
                    "contacts", arr(obj("type", str(), "id", str(), "external_id", str())),
                    "teammates", arr(obj("type", str(), "id", str())),
                    "custom_attributes", openObject(),
                    "statistics", obj("type", str(), "count_conversation_parts", integer(), "count_reopens", integer(),
                            "count_assignments", integer(), "first_contact_reply_at", dateTime(),
                            "first_admin_reply_at", dateTime(), "last_contact_reply_at", dateTime(),
                            "last_admin_reply_at", dateTime(), "last_close_at", dateTime()),
                    "ai_agent_participated", bool(),
                    // Newer parts of the conversation model, passed through as Intercom sends them.
                    "channel", openObject(), "company", openObject(), "conversation_rating", openObject(),
                    "first_contact_reply", openObject(), "sla_applied", openObject(), "linked_objects", openObject(),
                    "ai_agent", openObject(), "sales_agent", openObject(), "sales_agent_participated", bool(),
                    "external_references", arr(openObject()), "scorecards", arr(openObject()),
                    "monitor_evaluations", arr(openObject()));
            case CONVERSATION_PARTS -> root(
                    "type", str(), "id", str(), "conversation_id", str(), "conversation_created_at", dateTime(),
                    "conversation_updated_at", dateTime(), "conversation_total_parts", integer(),
                    "part_type", str(), "body", str(), "created_at", dateTime(), "updated_at", dateTime(),
                    "notified_at", dateTime(), "assigned_to", obj("type", str(), "id", str()),
                    "author", author(), "attachments", arr(attachment()), "external_id", str(), "redacted", bool(),
                    "state", str(), "tags", arr(obj("type", str(), "id", str(), "name", str())), "app_package_code", str(),
                    "metadata", openObject(), "event_details", openObject(), "email_message_metadata", openObject());
        };
    }

    private static ObjectNode author() {
        return obj("type", str(), "id", str(), "name", str(), "email", str(), "from_ai_agent", bool(), "is_ai_answer", bool());
    }

    private static ObjectNode attachment() {
        return obj("type", str(), "name", str(), "url", str(), "content_type", str(), "filesize", integer(),
                "width", integer(), "height", integer());
    }

    private static ObjectNode root(Object... props) {
        ObjectNode o = obj(props);
        o.set("type", F.textNode("object"));
        return o;
    }

    private static ObjectNode typed(String type) {
        ObjectNode o = F.objectNode();
        ArrayNode t = o.putArray("type");
        t.add("null");
        t.add(type);
        return o;
    }

    static ObjectNode str() {
        return typed("string");
    }

    static ObjectNode integer() {
        return typed("integer");
    }

    static ObjectNode number() {
        return typed("number");
    }

    static ObjectNode bool() {
        return typed("boolean");
    }

    static ObjectNode dateTime() {
        ObjectNode o = typed("string");
        o.put("format", "date-time");
        return o;
    }

    static ObjectNode arr(ObjectNode items) {
        ObjectNode o = typed("array");
        o.set("items", items);
        return o;
    }

    static ObjectNode openObject() {
        ObjectNode o = typed("object");
        o.put("additionalProperties", true);
        return o;
    }

    static ObjectNode obj(Object... props) {
        ObjectNode o = typed("object");
        ObjectNode p = o.putObject("properties");
        for (int i = 0; i < props.length; i += 2) {
            p.set((String) props[i], (ObjectNode) props[i + 1]);
        }
        o.put("additionalProperties", false);
        return o;
    }
}
