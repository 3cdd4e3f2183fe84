package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tap's pure parts: bookmark parsing, record shaping, catalog selection. */
class TapPartsTest {

    @Test
    void bookmarks_are_read_in_every_form_old_states_used() throws Exception {
        Bookmarks b = Bookmarks.from(TapRun.JSON.readTree("""
                {"bookmarks": {
                   "users": "2024-01-01T00:00:00Z",
                   "leads": "1704067200",
                   "companies": 1704067200000,
                   "conversations": {"updated_at": "2024-01-01T01:00:00+01:00"},
                   "conversation_parts": {"conversation_updated_at": "2024-01-01 00:00:00"},
                   "segments": "not a date"},
                 "currently_syncing": "leads"}"""));

        Instant expected = Instant.parse("2024-01-01T00:00:00Z");
        for (String s : List.of("users", "leads", "companies", "conversations", "conversation_parts")) {
            assertThat(b.get(s)).as(s).isEqualTo(expected);
        }
        assertThat(b.get("segments")).isNull();
        assertThat(b.currentlySyncing()).isEqualTo("leads");
        assertThat(b.toJson().path("bookmarks").path("users").path("updated_at").asText()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void a_wrapped_or_empty_state_does_not_crash() throws Exception {
        assertThat(Bookmarks.from(TapRun.JSON.readTree("{\"value\":{\"bookmarks\":{\"users\":\"2024-01-01\"}}}")).get("users"))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Bookmarks.from(TapRun.JSON.readTree("{}")).get("users")).isNull();
        assertThat(Bookmarks.from(TapRun.JSON.readTree("[]")).currentlySyncing()).isNull();
    }

    @Test
    void records_get_rfc3339_date_times_coerced_types_and_lose_unknown_fields() throws Exception {
        ObjectNode schema = Schemas.of(TapStream.USERS);
        RecordTransformer t = new RecordTransformer("users", schema);
        ObjectNode raw = (ObjectNode) TapRun.JSON.readTree("""
                {"id":"abc","updated_at":1704067200,"owner_id":"991267400","brand_new_field":1,
                 "custom_attributes":{"anything":{"goes":true}},"location":{"city":"Dublin","unknown":2},
                 "tags":[{"id":"1","name":"vip"}],"email":"a@b.c"}""");

        JsonNode r = t.apply(raw);

        assertThat(r.path("updated_at").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(r.path("owner_id").isIntegralNumber()).isTrue();
        assertThat(r.has("brand_new_field")).isFalse();
        assertThat(r.path("location").has("unknown")).isFalse();
        assertThat(r.path("custom_attributes").path("anything").path("goes").asBoolean()).isTrue();
        assertThat(r.path("email").asText()).isEqualTo("a@b.c");
    }

    @Test
    void every_record_has_every_property_of_its_schema_in_the_schemas_order_null_where_intercom_gave_nothing() throws Exception {
        ObjectNode schema = Schemas.of(TapStream.LEADS);
        RecordTransformer t = new RecordTransformer("leads", schema);
        // a lead without an email, its fields in another order than the schema's
        ObjectNode raw = (ObjectNode) TapRun.JSON.readTree("""
                {"updated_at":1704067200,"id":"abc","role":"lead","location":{"city":"Dublin","type":"location"},
                 "tags":[{"name":"vip","id":"1"}]}""");

        JsonNode r = t.apply(raw);

        assertThat(names(r)).containsExactlyElementsOf(names(schema.path("properties")));
        assertThat(r.get("email").isNull()).isTrue();
        assertThat(r.get("email_domain").isNull()).isTrue();
        assertThat(r.get("avatar").isNull()).isTrue();
        assertThat(names(r.path("location"))).containsExactly("type", "country", "region", "city", "country_code", "continent_code");
        assertThat(r.path("location").get("country").isNull()).isTrue();
        assertThat(names(r.path("tags").get(0))).containsExactly("id", "name");

        ObjectNode attributes = Schemas.of(TapStream.CUSTOMER_ATTRIBUTES);
        JsonNode standard = new RecordTransformer("customer_attributes", attributes).apply((ObjectNode) TapRun.JSON.readTree("""
                {"type":"data_attribute","name":"email","full_name":"email","label":"Email","data_type":"string",
                 "api_writable":true,"custom":false,"model":"contact"}"""));
        assertThat(names(standard)).containsExactlyElementsOf(names(attributes.path("properties")));
        for (String f : List.of("id", "admin_id", "created_at", "updated_at")) {
            assertThat(standard.has(f)).as(f).isTrue();
            assertThat(standard.get(f).isNull()).as(f).isTrue();
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void the_catalog_selects_streams_and_honours_deselected_fields_and_full_table() {
        ObjectNode catalog = Catalog.discover();
        for (JsonNode s : catalog.path("streams")) {
            String id = s.path("tap_stream_id").asText();
            ObjectNode top = (ObjectNode) s.path("metadata").get(0).path("metadata");
            top.put("selected", id.equals("users") || id.equals("tags"));
            if (id.equals("users")) {
                top.put("replication-method", "FULL_TABLE");
                for (JsonNode fm : s.path("metadata")) {
                    String field = fm.path("breadcrumb").path(1).asText();
                    if (field.equals("phone") || field.equals("id")) {
                        ((ObjectNode) fm.path("metadata")).put("selected", false);
                    }
                }
            }
        }

        List<Catalog.Selection> chosen = Catalog.selected(catalog);

        assertThat(chosen).extracting(c -> c.stream().id()).containsExactly("tags", "users");
        Catalog.Selection users = chosen.get(1);
        assertThat(users.incremental()).isFalse();
        assertThat(users.deselectedFields()).containsExactly("phone"); // id is automatic: always written
    }
}
