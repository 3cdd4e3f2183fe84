package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The FULL_TABLE streams (admins, teams, tags, segments, company segments, contact and company attributes):
 * each is one unpaged GET whose list is written whole, with no bookmark to move.
 */
final class FullTableLists {
    private final Api api;

    FullTableLists(Api api) {
        this.api = api;
    }

    void sync(StreamRun run) {
        switch (run.stream) {
            case ADMINS -> list(run, "/admins", "admins");
            case TEAMS -> list(run, "/teams", "teams");
            case TAGS -> list(run, "/tags", "data");
            case SEGMENTS -> list(run, "/segments?include_count=true", "segments");
            case COMPANY_SEGMENTS -> list(run, "/segments?type=company&include_count=true", "segments");
            case CUSTOMER_ATTRIBUTES -> list(run, "/data_attributes?model=contact", "data");
            case COMPANY_ATTRIBUTES -> list(run, "/data_attributes?model=company", "data");
            default -> throw new IllegalStateException(run.stream + " is not a full-table list");
        }
    }

    private void list(StreamRun run, String path, String field) {
        String op = "GET " + (path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
        JsonNode page = api.read("GET", path, op, null);
        for (JsonNode item : page.path(field)) {
            if (item.isObject()) {
                run.emit((ObjectNode) item);
            }
        }
        run.checkpoint(run.started);
    }
}
