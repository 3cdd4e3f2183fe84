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

    /**
     * Records whose keys are not exactly their stream's latest SCHEMA properties, in the schema's order:
     * every property present (null where there is no value), none added.
     */
    static List<String> shapeProblems(TapRun run) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> properties = new HashMap<>();
        for (JsonNode m : run.messages) {
            String stream = m.path("stream").asText();
            if ("SCHEMA".equals(m.path("type").asText())) {
                properties.put(stream, names(m.path("schema").path("properties")));
            } else if ("RECORD".equals(m.path("type").asText()) && problems.size() < 20) {
                List<String> keys = names(m.path("record"));
                if (!keys.equals(properties.get(stream))) {
                    List<String> missing = new ArrayList<>(properties.getOrDefault(stream, List.of()));
                    missing.removeAll(keys);
                    problems.add(stream + " record " + m.path("record").path("id") + " has keys " + keys
                            + (missing.isEmpty() ? " in another order" : ", missing " + missing));
                }
            }
        }
        return problems;
    }

    /**
     * The distinct column sequences each stream's records make once flattened as singer-io's target-csv
     * flattens them (nested objects become {@code parent__child} keys, arrays stay one value): target-csv
     * writes the header from a stream's first record and every later row by its own keys, so a second
     * sequence shifts columns.
     */
    static Map<String, Set<List<String>>> csvColumnSequences(TapRun run) {
        Map<String, Set<List<String>>> out = new java.util.TreeMap<>();
        for (JsonNode m : run.messages) {
            if ("RECORD".equals(m.path("type").asText())) {
                List<String> columns = new ArrayList<>();
                flatten(m.path("record"), "", columns);
                out.computeIfAbsent(m.path("stream").asText(), k -> new java.util.LinkedHashSet<>()).add(columns);
            }
        }
        return out;
    }

    private static void flatten(JsonNode object, String prefix, List<String> columns) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "__" + e.getKey();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), key, columns);
            } else {
                columns.add(key);
            }
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static Set<String> messageTypes() {
        return Set.of("SCHEMA", "RECORD", "STATE");
    }
}
