package io.intercomsync.singer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingerConfigKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTapRefusesAMistypedKeyAndSuggestsTheSetting() {
        assertThatThrownBy(() -> TapConfig.from(JSON.readTree(
                "{\"access_token\":\"t\",\"start_date\":\"2024-01-01T00:00:00Z\",\"page_sise\":50}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("page_sise in the tap config is not a setting: did you mean page_size?");
    }

    @Test
    void theTargetListsItsSettingsWhenAKeyResemblesNone() {
        assertThatThrownBy(() -> TargetConfig.from(JSON.readTree("{\"access_token\":\"t\",\"colour\":\"blue\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("colour in the target config is not a setting: the settings are ")
                .hasMessageContaining("reserved_field_overrides").hasMessageContaining("max_in_flight");
    }

    /** The knobs the Singer configs share with application.properties take its defaults and ranges. */
    @Test
    void sharedKnobsDefaultAndRangeAsApplicationPropertiesDeclaresThem() throws Exception {
        io.intercomsync.config.AppConfig declared = io.intercomsync.config.AppConfig.of(new java.util.Properties());
        TargetConfig target = TargetConfig.from(JSON.readTree("{\"access_token\":\"t\"}"));
        TapConfig tap = TapConfig.from(JSON.readTree("{\"access_token\":\"t\",\"start_date\":\"2024-01-01T00:00:00Z\"}"));
        for (var c : java.util.List.of(
                java.util.List.<Object>of(target.maxAttempts(), tap.maxAttempts(), declared.integer("intercom.max-attempts")),
                java.util.List.<Object>of(target.retryDelayMs(), tap.retryDelayMs(), declared.whole("intercom.retry-delay-ms")),
                java.util.List.<Object>of(target.maxRetryDelayMs(), tap.maxRetryDelayMs(), declared.whole("intercom.max-retry-delay-ms")),
                java.util.List.<Object>of(target.maxInFlight(), tap.partsConcurrency(), declared.integer("intercom.max-in-flight")),
                java.util.List.<Object>of(target.apiVersion(), tap.apiVersion(), declared.text("intercom.api-version")))) {
            assertThat(c.get(0).toString()).isEqualTo(c.get(2).toString());
            assertThat(c.get(1).toString()).isEqualTo(c.get(2).toString());
        }
        assertThat(target.stateUrl()).isEqualTo(declared.text("state.url"));
        assertThatThrownBy(() -> TargetConfig.from(JSON.readTree("{\"access_token\":\"t\",\"max_in_flight\":5000}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("1").hasMessageContaining("1024");
    }

    @Test
    void everyDocumentedKeyIsAccepted() throws Exception {
        TargetConfig target = TargetConfig.from(JSON.readTree("{\"access_token\":\"t\",\"users_stream\":\"people\","
                + "\"reserved_field_overrides\":{},\"base_url\":\"http://localhost:1\",\"api_version\":\"2.16\","
                + "\"create_missing_attributes\":false,\"state_url\":\"jdbc:sqlite:x.db\",\"errors_file\":\"e.csv\","
                + "\"max_attempts\":3,\"retry_delay_ms\":1,\"max_retry_delay_ms\":2,\"max_in_flight\":4,"
                + "\"request_timeout\":5,\"user_agent\":\"me\"}"));
        assertThat(target.usersStream()).isEqualTo("people");
        TapConfig tap = TapConfig.from(JSON.readTree("{\"access_token\":\"t\",\"start_date\":\"2024-01-01T00:00:00Z\","
                + "\"request_timeout\":5,\"user_agent\":\"me\",\"base_url\":\"http://localhost:1\",\"api_version\":\"2.16\","
                + "\"max_attempts\":3,\"retry_delay_ms\":1,\"parts_concurrency\":2,\"page_size\":50,"
                + "\"search_lag_seconds\":0,\"scroll_wait_seconds\":1,\"scroll_retry_ms\":1}"));
        assertThat(tap.pageSize()).isEqualTo(50);
    }

    /** As the import refuses intercom.max-retry-delay-ms below intercom.retry-delay-ms, and the tap its own. */
    @Test
    void theTargetRefusesALongestWaitShorterThanTheFirst() {
        assertThatThrownBy(() -> TargetConfig.from(JSON.readTree(
                "{\"access_token\":\"t\",\"retry_delay_ms\":5000,\"max_retry_delay_ms\":1000}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("max_retry_delay_ms=1000 is below retry_delay_ms=5000 in the target config:"
                        + " the longest wait cannot be shorter than the first");
    }

    /** docs/target.md and docs/tap.md list exactly the keys each config accepts: no key undocumented, none stale. */
    @Test
    void theDocsTablesListExactlyTheAcceptedKeys() throws Exception {
        assertThat(documentedKeys("docs/target.md")).isEqualTo(acceptedKeys(() ->
                TargetConfig.from(JSON.readTree("{\"access_token\":\"t\",\"zzzzzzzzzzzzzzzz\":1}"))));
        assertThat(documentedKeys("docs/tap.md")).isEqualTo(acceptedKeys(() ->
                TapConfig.from(JSON.readTree("{\"access_token\":\"t\",\"start_date\":\"2024-01-01T00:00:00Z\",\"zzzzzzzzzzzzzzzz\":1}"))));
    }

    /** The settings a config names when refusing a key that resembles none of them. */
    private static java.util.Set<String> acceptedKeys(org.assertj.core.api.ThrowableAssert.ThrowingCallable load) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(load);
        assertThat(refused).isInstanceOf(ConfigException.class);
        String list = refused.getMessage().substring(refused.getMessage().indexOf("the settings are ") + "the settings are ".length());
        return new java.util.TreeSet<>(java.util.Arrays.asList(list.split(", ")));
    }

    private static java.util.Set<String> documentedKeys(String doc) throws Exception {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `([a-z_]+)` \\|")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(doc)));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /**
     * The docs tables' defaults are what a config that sets nothing but what is required gets: each key's record
     * component (the key in camelCase; reserved_field_overrides is overrides), seconds for a Duration.
     */
    @Test
    void theDocsTablesDefaultsAreTheConfigsDefaults() throws Exception {
        assertDocumentedDefaults("docs/target.md", TargetConfig.from(JSON.readTree("{\"access_token\":\"t\"}")));
        assertDocumentedDefaults("docs/tap.md", TapConfig.from(JSON.readTree(
                "{\"access_token\":\"t\",\"start_date\":\"2024-01-01T00:00:00Z\"}")));
    }

    private static void assertDocumentedDefaults(String doc, Record config) throws Exception {
        java.util.Map<String, Object> byComponent = new java.util.HashMap<>();
        for (java.lang.reflect.RecordComponent c : config.getClass().getRecordComponents()) {
            byComponent.put(c.getName(), c.getAccessor().invoke(config));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `([a-z_]+)` \\| ([^|]+) \\|")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(doc)));
        int checked = 0;
        while (m.find()) {
            String documented = m.group(2).strip().replace("`", "");
            if (documented.equals("required")) {
                continue;
            }
            String key = m.group(1).equals("reserved_field_overrides") ? "overrides" : m.group(1);
            String component = java.util.regex.Pattern.compile("_([a-z])").matcher(key).replaceAll(r -> r.group(1).toUpperCase());
            assertThat(byComponent).as(doc + ": " + key).containsKey(component);
            Object value = byComponent.get(component);
            String actual = value instanceof java.time.Duration d ? Long.toString(d.toSeconds()) : String.valueOf(value);
            assertThat(actual).as(doc + ": the default of " + key).isEqualTo(documented);
            checked++;
        }
        assertThat(checked).as(doc + ": defaults checked").isGreaterThan(10);
    }
}
