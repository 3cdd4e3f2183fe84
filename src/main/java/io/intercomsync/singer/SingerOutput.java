package io.intercomsync.singer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Singer messages on stdout, one JSON object per line and nothing else (logs go to stderr). Records are
 * buffered; every STATE flushes, so a STATE is only ever seen after the records it covers.
 */
final class SingerOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final AtomicLong records = new AtomicLong();

    SingerOutput(PrintWriter out) {
        this.out = out;
    }

    synchronized void schema(String stream, JsonNode schema, List<String> keyProperties, String replicationKey) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "SCHEMA");
        m.put("stream", stream);
        m.set("schema", schema);
        ArrayNode keys = m.putArray("key_properties");
        keyProperties.forEach(keys::add);
        if (replicationKey != null) {
            m.putArray("bookmark_properties").add(replicationKey);
        }
        line(m);
    }

    synchronized void record(String stream, JsonNode record, String timeExtracted) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "RECORD");
        m.put("stream", stream);
        m.set("record", record);
        m.put("time_extracted", timeExtracted);
        line(m);
        records.incrementAndGet();
    }

    synchronized void state(JsonNode value) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "STATE");
        m.set("value", value);
        line(m);
        out.flush();
        if (out.checkError()) {
            throw new UncheckedIOException(new java.io.IOException("stdout was closed: the Singer target is gone"));
        }
    }

    long recordCount() {
        return records.get();
    }

    private void line(ObjectNode m) {
        try {
            out.write(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Singer message: " + e.getOriginalMessage(), e);
        }
        out.write('\n');
    }
}
