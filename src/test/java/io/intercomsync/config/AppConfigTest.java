package io.intercomsync.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {
    @TempDir
    Path dir;

    private Path defaults() throws Exception {
        return Files.writeString(dir.resolve("application.properties"),
                "intercom.access-token=\nstate.password=\nstate.flush-rows=1000\nsource.local.folder=inbox\n");
    }

    @Test
    void layersTheConfigFileThenTheEnvironmentThenOverrides() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "source.local.folder=/data\nstate.flush-rows=10\n");
        AppConfig c = AppConfig.load(defaults(), overlay,
                Map.of("INTERCOM_ACCESS_TOKEN", "t0k", "INTERCOM_SYNC_STATE_FLUSH_ROWS", "20"),
                Map.of("source.local.folder", "/override"));
        assertThat(c.string("intercom.access-token", null)).isEqualTo("t0k");
        assertThat(c.number("state.flush-rows", 0, 0, 100)).isEqualTo(20);
        assertThat(c.string("source.local.folder", null)).isEqualTo("/override");
    }

    @Test
    void setsAnyKnownKeyFromAPrefixedEnvironmentVariable() throws Exception {
        AppConfig c = AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_STATE_PASSWORD", "s3cret"), Map.of());
        assertThat(c.string("state.password", null)).isEqualTo("s3cret");
    }

    @Test
    void refusesAPrefixedVariableThatNamesNoKey() throws Exception {
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_STATE_PASWORD", "x"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("INTERCOM_SYNC_STATE_PASWORD");
    }

    @Test
    void leavesTheVariablesKubernetesSetsForAServiceNamedIntercomSyncAlone() throws Exception {
        // a Service named intercom-sync (for the metrics) gives every later pod these, with docker-link names
        Map<String, String> serviceLinks = Map.of(
                "INTERCOM_SYNC_SERVICE_HOST", "10.96.0.12",
                "INTERCOM_SYNC_SERVICE_PORT", "8080",
                "INTERCOM_SYNC_SERVICE_PORT_MANAGEMENT", "8080",
                "INTERCOM_SYNC_PORT", "tcp://10.96.0.12:8080",
                "INTERCOM_SYNC_PORT_8080_TCP", "tcp://10.96.0.12:8080",
                "INTERCOM_SYNC_PORT_8080_TCP_PROTO", "tcp",
                "INTERCOM_SYNC_PORT_8080_TCP_PORT", "8080",
                "INTERCOM_SYNC_PORT_8080_TCP_ADDR", "10.96.0.12");
        AppConfig c = AppConfig.load(defaults(), null, serviceLinks, Map.of());
        assertThat(c.string("source.local.folder", null)).isEqualTo("inbox");
        // still refused: a key's name that merely starts like one
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_PORTS", "x"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("INTERCOM_SYNC_PORTS");
    }

    @Test
    void noDeclaredKeyIsSpelledLikeAKubernetesServiceLink() {
        for (String key : Declarations.packaged().keys().keySet()) {
            assertThat(AppConfig.KUBERNETES_SERVICE_LINK.matcher(AppConfig.envName(key)).matches()).as(key).isFalse();
        }
    }

    @Test
    void overridesACamelKeyAFileSetsFromThePrefixedEnvironment() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "camel.management.port=8080\n");
        AppConfig c = AppConfig.load(defaults(), overlay, Map.of("INTERCOM_SYNC_CAMEL_MANAGEMENT_PORT", "9090"), Map.of());
        assertThat(c.string("camel.management.port", null)).isEqualTo("9090");
        // a Camel key no file sets is still no key of ours
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_CAMEL_MAIN_NAME", "x"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("INTERCOM_SYNC_CAMEL_MAIN_NAME");
    }

    @Test
    void namesTheKeyAndTheRangeInErrors() throws Exception {
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of(), Map.of("state.flush-rows", "lots")))
                .hasMessage("state.flush-rows=lots is not a whole number");
        AppConfig d = AppConfig.load(defaults(), null, Map.of(), Map.of("state.flush-rows", "99"));
        assertThatThrownBy(() -> d.number("state.flush-rows", 0, 1, 10)).hasMessageContaining("out of range (1 to 10)");
    }

    @Test
    void saysWhenTheConfigFileIsMissing() {
        assertThatThrownBy(() -> AppConfig.load(null, dir.resolve("nope.properties"), Map.of(), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesAMistypedKeyInTheConfigFileAndSuggestsTheNearest() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "source.local.fodler=/data\n");
        assertThatThrownBy(() -> AppConfig.load(defaults(), overlay, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("source.local.fodler (in my.properties) is not a configuration key: did you mean source.local.folder?");
    }

    @Test
    void refusesAKeyFarFromEveryKnownOneWithoutAGuess() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "colour=blue\n");
        assertThatThrownBy(() -> AppConfig.load(defaults(), overlay, Map.of(), Map.of()))
                .hasMessageStartingWith("colour (in my.properties) is not a configuration key: every key is listed");
    }

    @Test
    void letsCamelsOwnKeysThrough() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "camel.main.shutdown-timeout=5\n");
        AppConfig c = AppConfig.load(defaults(), overlay, Map.of(), Map.of());
        assertThat(c.string("camel.main.shutdown-timeout", null)).isEqualTo("5");
    }

    @Test
    void refusesAMistypedOverrideAndEnvironmentVariableWithASuggestion() throws Exception {
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of(), Map.of("intercom.acess-token", "x")))
                .hasMessageContaining("did you mean intercom.access-token?");
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_STATE_PASWORD", "x"), Map.of()))
                .hasMessageContaining("did you mean INTERCOM_SYNC_STATE_PASSWORD?");
    }

    @Test
    void neverQuotesTheValueOfAnUnknownKey() throws Exception {
        Path overlay = Files.writeString(dir.resolve("my.properties"), "intercom.acess-token=dG9rZW4tc2VjcmV0\n");
        assertThatThrownBy(() -> AppConfig.load(defaults(), overlay, Map.of(), Map.of()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("dG9rZW4tc2VjcmV0"));
    }

    @Test
    void checksEveryValueAgainstItsDeclarationAsItLoadsWhereverTheValueComesFrom() throws Exception {
        // intercom.retry-delay-ms is also read by the routes' redelivery policy: checked here all the same
        Path overlay = Files.writeString(dir.resolve("my.properties"), "intercom.retry-delay-ms=soon\n");
        assertThatThrownBy(() -> AppConfig.load(defaults(), overlay, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("intercom.retry-delay-ms=soon is not a whole number");
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_INTERCOM_MAX_IN_FLIGHT", "5000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("intercom.max-in-flight=5000 is out of range (1 to 1024)");
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of(), Map.of("mapping.create-missing-attributes", "yes")))
                .isInstanceOf(ConfigException.class).hasMessage("mapping.create-missing-attributes=yes must be true or false");
    }

    @Test
    void checksADecimalAgainstItsDeclaredRange() throws Exception {
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of("INTERCOM_SYNC_IMPORT_MAX_ARCHIVE_SHARE", "2"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("import.max-archive-share=2 is out of range (0.0 to 1.0)");
        assertThatThrownBy(() -> AppConfig.load(defaults(), null, Map.of(), Map.of("import.max-archive-share", "ten")))
                .isInstanceOf(ConfigException.class).hasMessage("import.max-archive-share=ten is not a number");
    }

    @Test
    void readsDefaultsAndRangesFromTheDeclarationsWithoutAFile() {
        java.util.Properties p = new java.util.Properties();
        AppConfig none = AppConfig.of(p);
        assertThat(none.integer("intercom.max-attempts")).isEqualTo(50);
        assertThat(none.flag("source.sftp.strict-host-key-checking")).isTrue();
        assertThat(none.text("source.local.folder")).isEqualTo("inbox");
        assertThat(none.text("source.s3.bucket")).isNull();
        p.setProperty("watch.max-file-attempts", "0");
        assertThatThrownBy(() -> AppConfig.of(p).integer("watch.max-file-attempts"))
                .hasMessage("watch.max-file-attempts=0 is out of range (1 to 1000)");
    }

    @Test
    void masksTheValuesOfEveryKeyDeclaredSecret() {
        java.util.Properties p = new java.util.Properties();
        for (String key : Declarations.packaged().secretKeys()) {
            p.setProperty(key, "value-of-" + key);
        }
        assertThat(Declarations.packaged().secretKeys()).contains("intercom.access-token", "state.password",
                "notify.slack.webhook-url", "notify.slack.token", "notify.hipchat.token", "source.sftp.password",
                "source.sftp.private-key-passphrase");
        assertThat(AppConfig.of(p).secretValues()).containsAll(p.stringPropertyNames().stream().map(p::getProperty).toList());
    }
}
