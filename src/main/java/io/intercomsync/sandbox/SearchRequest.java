package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a search (POST /contacts/search, POST /conversations/search), checked: a query, optional
 * pagination (per_page 1 to 150, a starting_after cursor) and an optional sort. The query itself is checked
 * when {@link Search#compile} compiles it.
 */
record SearchRequest(JsonNode query, String sortField, boolean descending, int perPage, String startingAfter) {
    static final int MAX_PER_PAGE = 150;

    static SearchRequest of(JsonNode body, int defaultPerPage) {
        Validation.requireObject(body);
        Validation.onlyAccepted(body, Validation.SEARCH);
        JsonNode query = body.get("query");
        if (query == null || query.isNull()) {
            throw new ApiError(400, "parameter_not_found", "query not specified", "query");
        }
        int perPage = defaultPerPage;
        String startingAfter = null;
        JsonNode pg = part(body, "pagination", Validation.PAGINATION);
        if (pg != null) {
            JsonNode pp = pg.get("per_page");
            if (pp != null && !pp.isNull()) {
                if (!pp.isIntegralNumber() || !pp.canConvertToInt() || pp.asInt() < 1 || pp.asInt() > MAX_PER_PAGE) {
                    throw new ApiError(400, "parameter_invalid", "per_page must be between 1 and " + MAX_PER_PAGE, "per_page");
                }
                perPage = pp.asInt();
            }
            JsonNode sa = pg.get("starting_after");
            if (sa != null && !sa.isNull()) {
                startingAfter = sa.asText();
            }
        }
        String sortField = null;
        boolean descending = false;
        JsonNode sort = part(body, "sort", Validation.SORT);
        if (sort != null) {
            JsonNode f = sort.get("field");
            if (f != null && f.isTextual()) {
                sortField = f.asText();
                String order = sort.path("order").asText("descending");
                if (!order.equals("ascending") && !order.equals("descending")) {
                    // the spec's example of this 400, word for word
                    throw new ApiError(400, "invalid_sort_order", "Invalid sort order '" + Validation.clip(order)
                            + "'. Must be one of: ascending, descending", "order");
                }
                descending = order.equals("descending");
            }
        }
        return new SearchRequest(query, sortField, descending, perPage, startingAfter);
    }

    /** An optional object of the body with only its accepted fields; null when absent. */
    private static JsonNode part(JsonNode body, String name, Validation.Accepted accepted) {
        JsonNode part = body.get(name);
        if (part == null || part.isNull()) {
            return null;
        }
        if (!part.isObject()) {
            throw new ApiError(400, "parameter_invalid", name + " must be an object", name);
        }
        Validation.onlyAccepted(part, accepted);
        return part;
    }
}
