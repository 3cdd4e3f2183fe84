package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.DataAttribute;
import io.intercomsync.mapping.AttributeType;
import io.intercomsync.mapping.ContactRole;
import io.intercomsync.mapping.CustomAttribute;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.Mapping;
import io.intercomsync.mapping.MappingException;
import io.intercomsync.mapping.MappingLoader;
import io.intercomsync.mapping.RowMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the records of one SCHEMA of the users stream become contacts, built on the CSV import's own
 * mapping: the schema's top-level properties play the CSV header, a record's values (as text) play a
 * row, and {@link RowMapper} does the typed conversion and builds the very {@link MappedRow} the import
 * writes. Properties named like Intercom's contact fields map to them (the import's default mapping,
 * {@code user_id} as external_id), {@code reserved_field_overrides} re-point them, and every other
 * scalar property is a custom attribute of the type the workspace has, or else the schema's.
 */
final class TargetMapping {
    /** A custom attribute the workspace lacks, to create before the first record. */
    record Missing(String name, AttributeType type) {
    }

    private final List<String> header;
    private final RowMapper mapper;
    private final List<Missing> missing;
    private final List<String> notes;

    private TargetMapping(List<String> header, RowMapper mapper, List<Missing> missing, List<String> notes) {
        this.header = header;
        this.mapper = mapper;
        this.missing = missing;
        this.notes = notes;
    }

    /**
     * @param existing the workspace's contact data attributes (standard and custom)
     * @param skip custom attributes to leave out (could not be created, or creating is off)
     * @throws TargetException when the schema names no field that identifies a contact
     */
    static TargetMapping of(String stream, JsonNode schema, Map<String, String> overrides,
                            List<DataAttribute> existing, Set<String> skip) {
        List<String> header = new ArrayList<>();
        for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
            header.add(it.next());
        }
        Map<String, String> standard;
        try {
            standard = new LinkedHashMap<>(MappingLoader.defaultFor(header).standard());
        } catch (MappingException e) {
            standard = new LinkedHashMap<>(); // the overrides may still name a key field
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            standard.remove(o.getKey());
            if (header.contains(o.getValue())) {
                standard.put(o.getKey(), o.getValue());
            } // a source field the stream lacks: the Intercom field is simply absent
        }
        Set<String> used = new LinkedHashSet<>(standard.values());
        Map<String, DataAttribute> byName = new LinkedHashMap<>();
        for (DataAttribute a : existing) {
            byName.putIfAbsent(a.name(), a);
        }
        List<CustomAttribute> custom = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> notWritable = new ArrayList<>();
        for (String field : header) {
            if (used.contains(field)) {
                continue;
            }
            if (MappingLoader.isContactFieldName(field)) {
                notes.add("field '" + field + "' is named like an Intercom contact field it does not feed; it is left out"
                        + " (map it in reserved_field_overrides)");
                continue;
            }
            JsonNode property = schema.path("properties").path(field);
            AttributeType fromSchema = typeOf(property);
            if (fromSchema == null) {
                notes.add("field '" + field + "' is an object or array; Intercom's custom attributes take single values, so it is left out");
                continue;
            }
            DataAttribute found = byName.get(field);
            if (found != null && !found.custom()) {
                notWritable.add(field);
                continue;
            }
            if (skip.contains(field)) {
                continue;
            }
            AttributeType type = found != null ? workspaceType(found.dataType()) : fromSchema;
            if (found == null) {
                missing.add(new Missing(field, type));
            }
            custom.add(new CustomAttribute(field, field, type));
        }
        if (!notWritable.isEmpty()) {
            notes.add("fields " + notWritable + " are Intercom's own contact attributes, which the API does not write; they are left out");
        }
        Mapping mapping = new Mapping(ContactRole.USER, standard, custom, Optional.empty());
        try {
            return new TargetMapping(List.copyOf(header), new RowMapper(mapping, header), missing, notes);
        } catch (MappingException e) {
            throw new TargetException("the SCHEMA of stream '" + stream + "' has no field for external_id (user_id)"
                    + " or email, so its records cannot be matched to contacts; name one in reserved_field_overrides");
        }
    }

    /** The schema's type as a custom attribute type; null for objects and arrays (nothing to send). */
    static AttributeType typeOf(JsonNode property) {
        Set<String> types = new LinkedHashSet<>();
        collectTypes(property, types);
        types.remove("null");
        if (types.contains("object") || types.contains("array")) {
            return null;
        }
        if (types.size() == 1) {
            switch (types.iterator().next()) {
                case "integer": return AttributeType.INTEGER;
                case "number": return AttributeType.FLOAT;
                case "boolean": return AttributeType.BOOLEAN;
                case "string":
                    return "date-time".equals(format(property)) ? AttributeType.DATE : AttributeType.STRING;
                default: return AttributeType.STRING;
            }
        }
        if (types.equals(Set.of("integer", "number"))) {
            return AttributeType.FLOAT;
        }
        return AttributeType.STRING; // no type, or several: sent as text
    }

    private static void collectTypes(JsonNode p, Set<String> into) {
        JsonNode type = p.path("type");
        if (type.isTextual()) {
            into.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> into.add(t.asText()));
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            p.path(combinator).forEach(alt -> collectTypes(alt, into));
        }
    }

    private static String format(JsonNode p) {
        if (p.path("format").isTextual()) {
            return p.path("format").asText();
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            for (JsonNode alt : p.path(combinator)) {
                if (alt.path("format").isTextual()) {
                    return alt.path("format").asText();
                }
            }
        }
        return null;
    }

    private static AttributeType workspaceType(String dataType) {
        String t = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "integer" -> AttributeType.INTEGER;
            case "float" -> AttributeType.FLOAT;
            case "boolean" -> AttributeType.BOOLEAN;
            case "date", "datetime" -> AttributeType.DATE;
            default -> AttributeType.STRING;
        };
    }

    /** Custom attributes the workspace lacks. */
    List<Missing> missing() {
        return missing;
    }

    /** What the mapping leaves out and why, to log once per SCHEMA. */
    List<String> notes() {
        return notes;
    }

    /**
     * The record as the import's typed payload.
     *
     * @throws io.intercomsync.mapping.RowMappingException naming the field whose value does not convert
     */
    MappedRow map(JsonNode record) {
        List<String> values = new ArrayList<>(header.size());
        for (String field : header) {
            JsonNode v = record.get(field);
            if (v == null || v.isNull() || v.isMissingNode()) {
                values.add(null);
            } else if (v.isValueNode()) {
                values.add(v.asText());
            } else {
                values.add(v.toString());
            }
        }
        return mapper.map(values);
    }
}
