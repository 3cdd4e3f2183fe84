package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Intercom's search query language over JSON documents: a single filter {field, operator, value}
 * or a group {operator: AND|OR, value: [...]} (nested), a sort and a keyset cursor.
 *
 * <p>Which fields, operators and values a query may use is {@link SearchRules}'s: date fields compare by whole
 * UTC day where the rules say so, as Intercom's contact search does ("Date fields compare by whole day in the
 * workspace's time zone"; the sandbox workspace's time zone is UTC).
 */
final class Search {
    static final Set<String> OPERATORS = Set.of("=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$");

    /** One searchable record: an insertion sequence (tie breaker) and the JSON it is matched on. */
    record Doc(long seq, JsonNode view, Object payload) {
    }

    record Page(List<Doc> docs, int totalCount, int page, int perPage, int totalPages, String next) {
    }

    private Search() {
    }

    /** A query as a predicate on records' JSON; 400 for anything the endpoint's rules refuse. */
    static Predicate<JsonNode> compile(JsonNode q, SearchRules rules) {
        return compile(q, rules, 0);
    }

    private static Predicate<JsonNode> compile(JsonNode q, SearchRules rules, int groupDepth) {
        if (q == null || !q.isObject()) {
            throw ApiError.badRequest("query must be an object");
        }
        JsonNode opNode = q.get("operator");
        if (opNode == null || !opNode.isTextual()) {
            throw ApiError.badRequest("operator is required");
        }
        String op = opNode.asText();
        JsonNode value = q.get("value");
        if (op.equals("AND") || op.equals("OR")) {
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw ApiError.badRequest("value of an " + op + " group must be a non-empty array");
            }
            SearchRules.checkGroup(op, value, groupDepth + 1);
            List<Predicate<JsonNode>> parts = new ArrayList<>();
            for (JsonNode v : value) {
                parts.add(compile(v, rules, groupDepth + 1));
            }
            boolean and = op.equals("AND");
            return doc -> {
                for (Predicate<JsonNode> p : parts) {
                    if (p.test(doc) != and) {
                        return !and;
                    }
                }
                return and;
            };
        }
        if (!OPERATORS.contains(op)) {
            throw ApiError.badRequest("operator '" + Validation.clip(op) + "' is not supported");
        }
        JsonNode fieldNode = q.get("field");
        if (fieldNode == null || !fieldNode.isTextual() || fieldNode.asText().isEmpty()) {
            throw ApiError.badRequest("field is required");
        }
        String field = fieldNode.asText();
        SearchRules.Type type = rules.type(field);
        rules.check(field, type, op, value);
        boolean byDay = type == SearchRules.Type.DATE && rules.dayGranularity;
        String path = SearchRules.path(field);
        return doc -> test(Json.at(doc, path), op, value, byDay);
    }

    private static boolean test(JsonNode actual, String op, JsonNode value, boolean date) {
        boolean actualNull = actual == null || actual.isNull();
        switch (op) {
            case "=":
                return eq(actual, value, date);
            case "!=":
                return !eq(actual, value, date);
            case "IN":
                for (JsonNode v : value) {
                    if (eq(actual, v, date)) {
                        return true;
                    }
                }
                return false;
            case "NIN":
                for (JsonNode v : value) {
                    if (eq(actual, v, date)) {
                        return false;
                    }
                }
                return true;
            case ">":
            case "<":
            case ">=":
            case "<=": {
                if (actualNull || value == null || value.isNull()) {
                    return false;
                }
                int c;
                if (actual.isNumber() && (value.isNumber() || isNumeric(value))) {
                    c = date ? Long.compare(day(actual.asLong()), day(value.asLong()))
                            : Double.compare(actual.asDouble(), value.asDouble());
                } else {
                    c = actual.asText().compareToIgnoreCase(value.asText());
                }
                switch (op) {
                    case ">": return c > 0;
                    case "<": return c < 0;
                    case ">=": return c >= 0;
                    default: return c <= 0;
                }
            }
            case "~":
                return !actualNull && value != null && lower(actual).contains(lower(value));
            case "!~":
                return actualNull || value == null || !lower(actual).contains(lower(value));
            case "^":
                return !actualNull && value != null && lower(actual).startsWith(lower(value));
            case "$":
                return !actualNull && value != null && lower(actual).endsWith(lower(value));
            default:
                return false;
        }
    }

    private static boolean isNumeric(JsonNode v) {
        if (!v.isTextual()) {
            return false;
        }
        try {
            Double.parseDouble(v.asText());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long day(long epochSeconds) {
        return Math.floorDiv(epochSeconds, 86400L);
    }

    private static String lower(JsonNode n) {
        return n.asText().toLowerCase(Locale.ROOT);
    }

    private static boolean eq(JsonNode actual, JsonNode value, boolean date) {
        boolean actualNull = actual == null || actual.isNull();
        if (value == null || value.isNull()) {
            return actualNull;
        }
        if (actualNull) {
            return false;
        }
        if (actual.isNumber() && (value.isNumber() || isNumeric(value))) {
            return date ? day(actual.asLong()) == day(value.asLong()) : actual.asDouble() == value.asDouble();
        }
        if (actual.isBoolean()) {
            return actual.asText().equalsIgnoreCase(value.asText());
        }
        return actual.asText().equalsIgnoreCase(value.asText());
    }

    static int compareValues(JsonNode a, JsonNode b) {
        boolean an = a == null || a.isNull();
        boolean bn = b == null || b.isNull();
        if (an || bn) {
            return an == bn ? 0 : (an ? -1 : 1);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.asText().compareToIgnoreCase(b.asText());
    }

    /**
     * Filters, sorts and cuts one page. {@code sortField} null = insertion order.
     * The cursor encodes the last record's sort key, so records inserted meanwhile do not shift pages,
     * and when and by which generation of cursors it was issued: {@code life} refuses it once it is too old.
     */
    static Page page(List<Doc> docs, Predicate<JsonNode> filter, String sortField, boolean descending,
                     int perPage, String startingAfter, CursorLife life) {
        Comparator<Doc> cmp = (x, y) -> {
            int c = sortField == null ? 0 : compareValues(Json.at(x.view(), sortField), Json.at(y.view(), sortField));
            return c != 0 ? c : Long.compare(x.seq(), y.seq());
        };
        if (descending) {
            cmp = cmp.reversed();
        }
        List<Doc> matched = new ArrayList<>();
        for (Doc d : docs) {
            if (filter.test(d.view())) {
                matched.add(d);
            }
        }
        matched.sort(cmp);
        int total = matched.size();
        int from = 0;
        int pageNo = 1;
        if (startingAfter != null && !startingAfter.isEmpty()) {
            Cursor c = Cursor.decode(startingAfter, life);
            pageNo = c.page + 1;
            // binary search for the first doc strictly after the cursor key
            int lo = 0, hi = matched.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareToCursor(matched.get(mid), c, sortField, descending) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            from = lo;
        }
        int to = Math.min(total, from + perPage);
        List<Doc> slice = new ArrayList<>(matched.subList(from, to));
        String next = null;
        if (to < total && !slice.isEmpty()) {
            Doc last = slice.get(slice.size() - 1);
            next = new Cursor(pageNo, last.seq(), sortField == null ? null : Json.at(last.view(), sortField),
                    Workspace.nowMs(), life.generation()).encode();
        }
        int totalPages = total == 0 ? 0 : (total + perPage - 1) / perPage;
        return new Page(slice, total, pageNo, perPage, totalPages, next);
    }

    private static int compareToCursor(Doc d, Cursor c, String sortField, boolean descending) {
        int r = sortField == null ? 0 : compareValues(Json.at(d.view(), sortField), c.value);
        if (r == 0) {
            r = Long.compare(d.seq(), c.seq);
        }
        return descending ? -r : r;
    }

    /**
     * How long a cursor is taken: one older than {@code maxAgeMs} (0: none is), or from another generation
     * (another sandbox, or issued before {@link Sandbox#expireCursors()}), is refused.
     */
    record CursorLife(long maxAgeMs, long generation) {
    }

    /**
     * Intercom's answer to a starting_after it does not take. The spec documents it for GET /data_connectors
     * ("Invalid cursor" example: 400 client_error, this message) and for no other list; that the contact,
     * conversation and search lists answer the same, for an unknown and for an expired cursor alike, is our
     * assumption.
     */
    static ApiError invalidCursor() {
        return new ApiError(400, "client_error",
                "Invalid starting_after param. Please try again using a starting_after value from a paginated response");
    }

    /**
     * Opaque cursor: base64url of JSON {p: page, s: seq, v: sort value, t: issued at (epoch ms), g: generation}.
     * Intercom does not document how long its list and search cursors live; the one listing lifetime it
     * documents is the company scroll's minute, so that is the default ({@link Sandbox.Builder#cursorMaxAge}).
     */
    record Cursor(int page, long seq, JsonNode value, long issuedAtMs, long generation) {
        String encode() {
            ObjectNode o = Json.obj();
            o.put("p", page);
            o.put("s", seq);
            if (value != null) {
                o.set("v", value);
            }
            o.put("t", issuedAtMs);
            o.put("g", generation);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String s, CursorLife life) {
            Cursor c;
            try {
                JsonNode o = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(s));
                if (o == null || !o.has("p") || !o.has("s") || !o.has("t") || !o.has("g")) {
                    throw new IllegalArgumentException();
                }
                c = new Cursor(o.get("p").asInt(), o.get("s").asLong(), o.get("v"), o.get("t").asLong(), o.get("g").asLong());
            } catch (Exception e) {
                throw invalidCursor(); // not one the sandbox issued
            }
            if (c.generation != life.generation() || Workspace.nowMs() - c.issuedAtMs >= life.maxAgeMs()) {
                throw invalidCursor(); // expired
            }
            return c;
        }
    }

    static ObjectNode pages(Page p) {
        ObjectNode pages = Json.obj();
        pages.put("type", "pages");
        if (p.next() != null) {
            ObjectNode n = pages.putObject("next");
            n.put("per_page", p.perPage());
            n.put("starting_after", p.next());
        }
        pages.put("page", p.page());
        pages.put("per_page", p.perPage());
        pages.put("total_pages", p.totalPages());
        return pages;
    }
}
