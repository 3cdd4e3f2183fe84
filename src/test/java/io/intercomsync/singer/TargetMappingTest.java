package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.DataAttribute;
import io.intercomsync.mapping.AttributeType;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.RowMappingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetMappingTest {
    private static JsonNode json(String text) throws Exception {
        return TargetRun.JSON.readTree(text);
    }

    @Test
    void customAttributeTypesComeFromTheSchemasJsonTypes() throws Exception {
        assertThat(TargetMapping.typeOf(json("{\"type\": \"string\"}"))).isEqualTo(AttributeType.STRING);
        assertThat(TargetMapping.typeOf(json("{\"type\": [\"null\", \"string\"], \"format\": \"date-time\"}"))).isEqualTo(AttributeType.DATE);
        assertThat(TargetMapping.typeOf(json("{\"anyOf\": [{\"type\": \"string\", \"format\": \"date-time\"}, {\"type\": \"null\"}]}"))).isEqualTo(AttributeType.DATE);
        assertThat(TargetMapping.typeOf(json("{\"type\": [\"null\", \"integer\"]}"))).isEqualTo(AttributeType.INTEGER);
        assertThat(TargetMapping.typeOf(json("{\"type\": \"number\"}"))).isEqualTo(AttributeType.FLOAT);
        assertThat(TargetMapping.typeOf(json("{\"type\": [\"integer\", \"number\"]}"))).isEqualTo(AttributeType.FLOAT);
        assertThat(TargetMapping.typeOf(json("{\"type\": \"boolean\"}"))).isEqualTo(AttributeType.BOOLEAN);
        assertThat(TargetMapping.typeOf(json("{}"))).isEqualTo(AttributeType.STRING);
        assertThat(TargetMapping.typeOf(json("{\"type\": [\"string\", \"boolean\"]}"))).isEqualTo(AttributeType.STRING);
        assertThat(TargetMapping.typeOf(json("{\"type\": [\"null\", \"object\"]}"))).isNull();
        assertThat(TargetMapping.typeOf(json("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}"))).isNull();
    }

    @Test
    void overridesRepointContactFieldsAndAMissingSourceFieldLeavesTheContactFieldAbsent() throws Exception {
        JsonNode schema = json("""
                {"properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "full_name": {"type": "string"},
                 "name": {"type": "string"}, "seats": {"type": "integer"}}}
                """);
        TargetMapping m = TargetMapping.of("users", schema,
                Map.of("external_id", "id", "name", "full_name", "phone", "mobile"), List.of(), Set.of());

        MappedRow row = m.map(json("{\"id\": 42, \"email\": \"a@example.com\", \"full_name\": \"Ada\", \"name\": \"ignored\", \"seats\": 3}"));

        assertThat(row.key().externalId()).isEqualTo("42");
        assertThat(row.contact()).containsEntry("external_id", "42").containsEntry("name", "Ada")
                .containsEntry("email", "a@example.com").doesNotContainKey("phone");
        assertThat(row.contact().get("custom_attributes")).isEqualTo(Map.of("seats", 3L));
        assertThat(m.missing()).extracting(TargetMapping.Missing::name).containsExactly("seats");
        assertThat(m.notes()).anyMatch(n -> n.contains("'name'"));
    }

    @Test
    void anExistingAttributeKeepsTheWorkspacesTypeAndAValueThatDoesNotConvertNamesItsField() throws Exception {
        JsonNode schema = json("{\"properties\": {\"user_id\": {\"type\": \"string\"}, \"seats\": {\"type\": \"string\"},"
                + " \"created_at\": {\"type\": \"string\", \"format\": \"date-time\"}}}");
        List<DataAttribute> existing = List.of(new DataAttribute("seats", "contact", "integer", true),
                new DataAttribute("created_at", "contact", "date", false));
        TargetMapping m = TargetMapping.of("users", schema, Map.of(), existing, Set.of());

        assertThat(m.missing()).isEmpty();
        assertThat(m.map(json("{\"user_id\": \"u-1\", \"seats\": \"12\", \"created_at\": \"2024-01-01T00:00:00Z\"}")).contact())
                .containsEntry("custom_attributes", Map.of("seats", 12L)).doesNotContainKey("created_at");
        assertThatThrownBy(() -> m.map(json("{\"user_id\": \"u-1\", \"seats\": \"many\"}")))
                .isInstanceOf(RowMappingException.class).hasMessageContaining("seats").hasMessageContaining("not an integer");
    }

    @Test
    void aSchemaWithNothingToMatchContactsOnIsRefusedWithWhatToDo() throws Exception {
        JsonNode schema = json("{\"properties\": {\"id\": {\"type\": \"integer\"}, \"plan\": {\"type\": \"string\"}}}");

        assertThatThrownBy(() -> TargetMapping.of("users", schema, Map.of(), List.of(), Set.of()))
                .isInstanceOf(TargetException.class).hasMessageContaining("reserved_field_overrides");
    }
}
