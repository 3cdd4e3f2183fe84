package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.cli.IntercomSyncCli;
import io.intercomsync.sandbox.Sandbox;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A working folder, a configuration pointing at a sandbox, and the command run in-process. */
final class ImportFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Sandbox sandbox;
    final String token;
    final Map<String, String> properties = new LinkedHashMap<>();

    ImportFixture(Path dir, Sandbox sandbox, String token) {
        this.dir = dir;
        this.sandbox = sandbox;
        this.token = token;
        properties.put("intercom.base-url", sandbox.baseUrl());
        properties.put("intercom.access-token", token);
        properties.put("source.local.folder", dir.resolve("inbox").toString());
        properties.put("output.folder", dir.resolve("out").toString());
        properties.put("state.url", "jdbc:sqlite:" + dir.resolve("state/intercom-sync.db"));
        properties.put("intercom.retry-delay-ms", "10");
        properties.put("intercom.max-retry-delay-ms", "200");
        // Files here are written whole just before the run: a short quiet period, still checked.
        properties.put("source.stable-ms", "100");
    }

    ImportFixture set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    Path inboxFile(String name, String content) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        return Files.writeString(dir.resolve("inbox").resolve(name), content, StandardCharsets.UTF_8);
    }

    Path mapping(String yaml) throws Exception {
        Path p = Files.writeString(dir.resolve("mapping.yaml"), yaml);
        properties.put("mapping.file", p.toString());
        return p;
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Result run(String... extraArgs) throws Exception {
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path config = Files.writeString(dir.resolve("test.properties"), text.toString());
        List<String> args = new ArrayList<>(List.of("import", "--config", config.toString()));
        args.addAll(List.of(extraArgs));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IntercomSyncCli.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    JsonNode report() throws Exception {
        return JSON.readTree(dir.resolve("out/run-report.json").toFile());
    }

    List<CSVRecord> errorRows() throws Exception {
        try (Reader r = Files.newBufferedReader(dir.resolve("out/user_errors.csv"))) {
            List<CSVRecord> all = CSVFormat.DEFAULT.parse(r).getRecords();
            return all.subList(1, all.size());
        }
    }

    /** Calls the sandbox as a client would, for setting up existing contacts and attributes. */
    JsonNode api(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Intercom-Version", "2.16")
                .header("Accept", "application/json");
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    void attribute(String name, String model, String type) throws Exception {
        api("POST", "/data_attributes", "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"data_type\":\"" + type + "\"}");
    }

    static void assertReportAddsUp(JsonNode report) {
        long rows = report.get("rows").asLong();
        long sum = report.get("created").asLong() + report.get("updated").asLong()
                + report.get("unchanged").asLong() + report.path("skipped").asLong(0) + report.get("failed").asLong();
        if (rows != sum) {
            throw new AssertionError("rows " + rows + " != created+updated+unchanged+skipped+failed " + sum + ": " + report);
        }
    }
}
