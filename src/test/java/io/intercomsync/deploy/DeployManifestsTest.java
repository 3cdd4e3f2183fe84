package io.intercomsync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.intercomsync.mapping.MappingLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests parse, and name the keys, ports, paths and secrets the application reads. */
class DeployManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path MANIFESTS = Path.of("deploy/kubernetes");

    @TempDir
    Path dir;

    private static List<JsonNode> documents() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = (JsonNode) it.next();
                        if (doc != null && !doc.isEmpty()) {
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        return docs;
    }

    private static JsonNode kind(String kind) throws Exception {
        return documents().stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst().orElseThrow();
    }

    private static Properties configMapProperties() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(kind("ConfigMap").path("data").path("intercom-sync.properties").asText()));
        return p;
    }

    private static Properties applicationProperties() throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(Path.of("application.properties"))) {
            p.load(r);
        }
        return p;
    }

    @Test
    void everyManifestParsesWithAKindAndAName() throws Exception {
        List<JsonNode> docs = documents();
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .contains("ConfigMap", "Secret", "Deployment", "CronJob", "ServiceAccount", "Role", "RoleBinding");
        assertThat(docs).allMatch(d -> !d.path("metadata").path("name").asText().isEmpty());
    }

    @Test
    void theConfigMapSetsOnlyKeysTheApplicationKnows() throws Exception {
        Properties known = applicationProperties();
        for (String key : configMapProperties().stringPropertyNames()) {
            assertThat(known.containsKey(key) || key.startsWith("camel."))
                    .as("%s is documented in application.properties", key).isTrue();
        }
    }

    @Test
    void theConfigMapsMappingIsAValidMapping() throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), kind("ConfigMap").path("data").path("mapping.yaml").asText());
        assertThat(MappingLoader.load(mapping).custom()).isNotEmpty();
        assertThat(configMapProperties().getProperty("mapping.file")).isEqualTo("/config/mapping.yaml");
    }

    @Test
    void probesAndPortsAreTheManagementServersOwn() throws Exception {
        Properties config = configMapProperties();
        int port = Integer.parseInt(config.getProperty("camel.management.port"));
        JsonNode container = kind("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/observe/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/observe/health/ready");
        assertThat(config.getProperty("camel.management.health-check-enabled")).isEqualTo("true");
        assertThat(Files.readString(Path.of("deploy/Dockerfile"))).contains("EXPOSE " + port);
    }

    @Test
    void secretsReachTheContainersAsTheEnvironmentVariablesTheApplicationReads() throws Exception {
        JsonNode secret = kind("Secret");
        for (String kind : List.of("Deployment", "CronJob")) {
            JsonNode spec = kind("Deployment").equals(kind(kind))
                    ? kind(kind).path("spec").path("template").path("spec")
                    : kind(kind).path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            JsonNode env = spec.path("containers").get(0).path("env");
            List<String> names = new ArrayList<>();
            env.forEach(e -> {
                names.add(e.path("name").asText());
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(ref.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
                    assertThat(secret.path("stringData").has(ref.path("key").asText())).as(kind + " uses a key the Secret has").isTrue();
                }
            });
            assertThat(names).as(kind).contains("INTERCOM_ACCESS_TOKEN", "INTERCOM_SYNC_STATE_PASSWORD");
            for (String name : names) {
                if (name.startsWith("INTERCOM_SYNC_")) {
                    // AppConfig maps INTERCOM_SYNC_<KEY> to the key whose dots and dashes are underscores
                    String key = name.substring("INTERCOM_SYNC_".length());
                    assertThat(applicationProperties().stringPropertyNames())
                            .as(name + " names a key of application.properties")
                            .anyMatch(k -> k.toUpperCase().replace('.', '_').replace('-', '_').equals(key));
                }
            }
        }
        assertThat(configMapProperties().stringPropertyNames()).doesNotContain("intercom.access-token", "state.password");
    }

    @Test
    void theDeploymentWatchesAndTheCronJobImportsWithTheMountedConfiguration() throws Exception {
        JsonNode deployment = kind("Deployment").path("spec").path("template").path("spec");
        JsonNode cron = kind("CronJob").path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        assertThat(deployment.path("containers").get(0).path("args").get(0).asText()).isEqualTo("watch");
        assertThat(cron.path("containers").get(0).path("args").get(0).asText()).isEqualTo("import");
        for (JsonNode spec : List.of(deployment, cron)) {
            assertThat(spec.path("containers").get(0).path("args").toString()).contains("/config/intercom-sync.properties");
            assertThat(spec.path("volumes").toString()).contains("\"name\":\"intercom-sync\"");
            assertThat(spec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        }
    }
}
