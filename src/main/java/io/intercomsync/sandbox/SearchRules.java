package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which fields one search endpoint takes, of which type, with which operators: the "Accepted Fields" and
 * "Accepted Operators" tables of the 2.16 description of POST /contacts/search and POST /conversations/search,
 * and their "Nesting &amp; Limitations" (at most 2 levels of groups, at most 15 filters a group).
 */
final class SearchRules {
    enum Type { STRING, INTEGER, BOOLEAN, DATE }

    static final int MAX_FILTERS_PER_GROUP = 15;
    static final int MAX_GROUP_DEPTH = 2;

    private static final Set<String> STRING_OPERATORS = Set.of("=", "!=", "IN", "NIN", "~", "!~", "^", "$");
    private static final Set<String> LIST_OPERATORS = Set.of("=", "!=", "IN", "NIN");

    /** Contacts: dates take only =, < and > ("!=, >=, <=, IN and NIN are not supported on Date fields and return an error"). */
    private static final Map<Type, Set<String>> CONTACT_OPERATORS = operators(STRING_OPERATORS, LIST_OPERATORS,
            Set.of("=", "!=", "IN", "NIN", "<", ">", "<=", ">="), Set.of("=", "<", ">"));
    /** Conversations: the table lists > and < for integers and dates, and no >= or <= at all. */
    private static final Map<Type, Set<String>> CONVERSATION_OPERATORS = operators(STRING_OPERATORS, LIST_OPERATORS,
            Set.of("=", "!=", "IN", "NIN", "<", ">"), Set.of("=", "!=", "IN", "NIN", "<", ">"));

    private static final Map<String, Type> CONTACT_FIELDS = new HashMap<>();
    private static final Map<String, Type> CONVERSATION_FIELDS = new HashMap<>();
    /**
     * Listed fields whose values the sandbox's records do not hold, so a search on one would quietly match
     * nothing (tag_id also takes only = and !=).
     */
    private static final Set<String> NOT_MODELLED = Set.of("segment_id", "tag_id", "formatted_phone", "contact_ids",
            "teammate_ids", "tag_ids");
    /** A searchable name that is not the JSON path of its value. */
    private static final Map<String, String> PATHS = Map.of("avatar", "avatar.image_url");

    static {
        for (String f : List.of("id", "role", "name", "avatar", "owner_id", "email", "email_domain", "phone", "formatted_phone",
                "external_id", "language_override", "browser", "browser_language", "os", "location.country",
                "location.region", "location.city", "ios_app_version", "ios_device", "ios_app_device", "ios_os_version",
                "ios_app_name", "ios_sdk_version", "android_app_version", "android_device", "android_app_name",
                "android_sdk_version", "segment_id", "tag_id")) {
            CONTACT_FIELDS.put(f, Type.STRING);
        }
        for (String f : List.of("created_at", "signed_up_at", "updated_at", "last_seen_at", "last_contacted_at",
                "last_replied_at", "last_email_opened_at", "last_email_clicked_at", "ios_last_seen_at", "android_last_seen_at")) {
            CONTACT_FIELDS.put(f, Type.DATE);
        }
        for (String f : List.of("unsubscribed_from_emails", "marked_email_as_spam", "has_hard_bounced")) {
            CONTACT_FIELDS.put(f, Type.BOOLEAN);
        }

        for (String f : List.of("id", "source.type", "source.id", "source.delivered_as", "source.subject", "source.body",
                "source.author.id", "source.author.type", "source.author.name", "source.author.email", "source.url",
                "contact_ids", "teammate_ids", "channel_initiated", "state", "tag_ids", "priority",
                "statistics.last_closed_by_id", "conversation_rating.remark", "conversation_rating.contact_id",
                "conversation_rating.admin_id", "ai_agent.resolution_state", "ai_agent.last_answer_type",
                "ai_agent.rating_remark", "ai_agent.source_type", "ai_agent.source_title")) {
            CONVERSATION_FIELDS.put(f, Type.STRING);
        }
        for (String f : List.of("created_at", "updated_at", "waiting_since", "snoozed_until",
                "statistics.first_contact_reply_at", "statistics.first_assignment_at", "statistics.first_admin_reply_at",
                "statistics.first_close_at", "statistics.last_assignment_at", "statistics.last_assignment_admin_reply_at",
                "statistics.last_contact_reply_at", "statistics.last_admin_reply_at", "statistics.last_close_at",
                "conversation_rating.requested_at", "conversation_rating.replied_at")) {
            CONVERSATION_FIELDS.put(f, Type.DATE);
        }
        for (String f : List.of("admin_assignee_id", "team_assignee_id", "statistics.time_to_assignment",
                "statistics.time_to_admin_reply", "statistics.time_to_first_close", "statistics.time_to_last_close",
                "statistics.median_time_to_reply", "statistics.count_reopens", "statistics.count_assignments",
                "statistics.count_conversation_parts", "conversation_rating.score", "ai_agent.rating")) {
            CONVERSATION_FIELDS.put(f, Type.INTEGER);
        }
        for (String f : List.of("open", "read", "ai_agent_participated")) {
            CONVERSATION_FIELDS.put(f, Type.BOOLEAN);
        }
    }

    private final String what;
    private final Map<Type, Set<String>> operators;
    private final Function<String, Type> typeOf;
    /** Contact search compares dates by whole day; conversation search by the second. */
    final boolean dayGranularity;

    private SearchRules(String what, Map<Type, Set<String>> operators, Function<String, Type> typeOf, boolean dayGranularity) {
        this.what = what;
        this.operators = operators;
        this.typeOf = typeOf;
        this.dayGranularity = dayGranularity;
    }

    /**
     * @param customType the data type of a contact custom attribute (string, integer, float, boolean, date,
     *     datetime), or null when the workspace has no such attribute
     */
    static SearchRules contacts(Function<String, String> customType) {
        return new SearchRules("contact", CONTACT_OPERATORS, field -> {
            if (field.startsWith("custom_attributes.")) {
                String name = field.substring("custom_attributes.".length());
                String dataType = customType.apply(name);
                if (dataType == null) {
                    throw new ApiError(400, "parameter_invalid", "Custom attribute '" + Validation.clip(name) + "' does not exist", field);
                }
                return switch (dataType) {
                    case "integer", "float" -> Type.INTEGER;
                    case "boolean" -> Type.BOOLEAN;
                    case "date", "datetime" -> Type.DATE;
                    default -> Type.STRING;
                };
            }
            return CONTACT_FIELDS.get(field);
        }, true);
    }

    static SearchRules conversations() {
        return new SearchRules("conversation", CONVERSATION_OPERATORS, CONVERSATION_FIELDS::get, false);
    }

    /** The field's type; 400 for a field this search does not take. */
    Type type(String field) {
        Type t = typeOf.apply(field);
        if (t == null) {
            throw new ApiError(400, "parameter_invalid", "'" + Validation.clip(field) + "' is not a searchable " + what
                    + " field", field);
        }
        if (NOT_MODELLED.contains(field)) {
            throw new ApiError(400, "parameter_invalid", "Searching " + what + "s on " + field
                    + " is not modelled by the sandbox", field);
        }
        return t;
    }

    static String path(String field) {
        return PATHS.getOrDefault(field, field);
    }

    /** 400 unless the operator applies to the field's type and the value fits both. */
    void check(String field, Type type, String op, JsonNode value) {
        if (!operators.get(type).contains(op)) {
            throw new ApiError(400, "parameter_invalid", "Operator '" + op + "' is not supported on " + describe(type)
                    + " field " + field + "; use one of " + String.join(", ", ordered(operators.get(type))), field);
        }
        boolean list = op.equals("IN") || op.equals("NIN");
        if (list != (value != null && value.isArray())) {
            throw new ApiError(400, "parameter_invalid", "Operator '" + op + "' " + (list ? "needs an array value" : "does not take an array value"), field);
        }
        if (list) {
            for (JsonNode v : value) {
                if (!fits(type, v)) {
                    throw mismatch(field, type, v);
                }
            }
        } else if (value == null || value.isNull()) {
            if (!op.equals("=") && !op.equals("!=")) {
                throw new ApiError(400, "parameter_invalid", "Operator '" + op + "' needs a value", field);
            }
        } else if (!fits(type, value)) {
            throw mismatch(field, type, value);
        }
    }

    /** As the spec's example sends '1306054154' for created_at, numbers may come as numeric strings. */
    private static boolean fits(Type type, JsonNode v) {
        return switch (type) {
            case STRING -> v.isTextual();
            case BOOLEAN -> v.isBoolean() || (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")));
            case INTEGER -> v.isNumber() || (v.isTextual() && isNumber(v.asText()));
            case DATE -> v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?\\d{1,18}"));
        };
    }

    private static boolean isNumber(String s) {
        return s.matches("-?\\d+(\\.\\d+)?");
    }

    private static ApiError mismatch(String field, Type type, JsonNode v) {
        return new ApiError(400, "parameter_invalid", "The value " + Validation.clip(v.toString()) + " does not fit "
                + describe(type) + " field " + field, field);
    }

    private static String describe(Type type) {
        return switch (type) {
            case STRING -> "the string";
            case INTEGER -> "the number";
            case BOOLEAN -> "the boolean";
            case DATE -> "the date";
        };
    }

    private static List<String> ordered(Set<String> ops) {
        return List.of("=", "!=", "IN", "NIN", "<", ">", "<=", ">=", "~", "!~", "^", "$").stream().filter(ops::contains).toList();
    }

    private static Map<Type, Set<String>> operators(Set<String> string, Set<String> bool, Set<String> integer,
                                                    Set<String> date) {
        Map<Type, Set<String>> m = new EnumMap<>(Type.class);
        m.put(Type.STRING, string);
        m.put(Type.BOOLEAN, bool);
        m.put(Type.INTEGER, integer);
        m.put(Type.DATE, date);
        return m;
    }

    /** 400 for a group of more than {@link #MAX_FILTERS_PER_GROUP} filters or nested deeper than {@link #MAX_GROUP_DEPTH}. */
    static void checkGroup(String op, JsonNode value, int groupDepth) {
        if (groupDepth > MAX_GROUP_DEPTH) {
            throw new ApiError(400, "parameter_invalid", "A query nests " + op + " groups " + groupDepth
                    + " levels deep; Intercom allows at most " + MAX_GROUP_DEPTH);
        }
        if (value.size() > MAX_FILTERS_PER_GROUP) {
            throw new ApiError(400, "parameter_invalid", "An " + op + " group holds " + value.size()
                    + " filters; Intercom allows at most " + MAX_FILTERS_PER_GROUP + " in one group");
        }
    }
}
