package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Singer reference checker's rules, applied to a run's stdout: only SCHEMA, RECORD and STATE
 * messages; a SCHEMA (with key_properties) before a stream's first RECORD; every record valid against
 * its stream's latest schema (JSON Schema draft 4, the validator swagger-request-validator brings); every
 * date-time an RFC 3339 string; STATE values carry bookmarks.
 */
final class SingerChecker {
    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.byDefault();

    private SingerChecker() {
    }

    /** Returns the problems found, empty when the output passes. */
    static List<String> check(TapRun run) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonSchema> schemas = new HashMap<>();
        Map<String, JsonNode> rawSchemas = new HashMap<>();
        for (JsonNode m : run.messages) {
            String type = m.path("type").asText();
            switch (type) {
                case "SCHEMA" -> {
                    String stream = m.path("stream").asText();
                    if (!m.path("key_properties").isArray()) {
                        problems.add("SCHEMA of " + stream + " has no key_properties");
                    }
                    try {
                        schemas.put(stream, FACTORY.getJsonSchema(m.path("schema")));
                        rawSchemas.put(stream, m.path("schema"));
                    } catch (ProcessingException e) {
                        problems.add("SCHEMA of " + stream + " is not a valid JSON Schema: " + e.getMessage());
                    }
                }
                case "RECORD" -> {
                    String stream = m.path("stream").asText();
                    JsonSchema schema = schemas.get(stream);
                    if (schema == null) {
                        problems.add("RECORD of " + stream + " before its SCHEMA");
                        continue;
                    }
                    try {
                        ProcessingReport report = schema.validate(m.path("record"));
                        if (!report.isSuccess() && problems.size() < 20) {
                            problems.add(stream + " record " + m.path("record").path("id") + " is invalid: " + report);
                        }
                    } catch (ProcessingException e) {
                        problems.add(stream + ": " + e.getMessage());
                    }
                    dateTimes(rawSchemas.get(stream), m.path("record"), stream, problems);
                    String te = m.path("time_extracted").asText("");
                    if (!te.isEmpty() && !RFC3339.matcher(te).matches()) {
                        problems.add(stream + ": time_extracted " + te + " is not RFC 3339");
                    }
                }
                case "STATE" -> {
                    if (!m.path("value").path("bookmarks").isObject()) {
                        problems.add("STATE without bookmarks: " + m);
                    }
                }
                default -> problems.add("not a Singer message: " + m);
            }
        }
        return problems;
    }

    private static void dateTimes(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema == null || value == null || value.isNull()) {
            return;
        }
        if ("date-time".equals(schema.path("format").asText())) {
            if (!value.isTextual() || !RFC3339.matcher(value.asText()).matches()) {
                problems.add(path + " = " + value + " is not an RFC 3339 date-time");
            }
            return;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                dateTimes(e.getValue(), value.get(e.getKey()), path + "." + e.getKey(), problems);
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                dateTimes(schema.path("items"), item, path + "[]", problems);
            }
        }
    }

    static Set<String> messageTypes() {
        return Set.of("SCHEMA", "RECORD", "STATE");
    }
}
