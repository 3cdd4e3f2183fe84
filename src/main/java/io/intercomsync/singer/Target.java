package io.intercomsync.singer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ProcessingMessage;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import io.intercomsync.sync.KeySequencer;
import io.intercomsync.sync.RowTask;
import io.intercomsync.sync.SyncEngine;
import io.intercomsync.sync.SyncRun;
import io.intercomsync.intercom.DataAttribute;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.RequestRejectedException;
import io.intercomsync.mapping.MappedRow;
import io.intercomsync.mapping.RowMappingException;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.report.Messages;
import io.intercomsync.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Singer target: reads SCHEMA, RECORD, STATE and ACTIVATE_VERSION messages and writes the users
 * stream's records as Intercom contacts with the CSV import's engine. Each record becomes a
 * {@link RowTask} of a {@link SyncRun} (see {@link TargetMapping}); {@link RowRoute#write} runs it
 * through {@link SyncEngine#write}: ledger, create-or-update, pacing and retries are the import's.
 *
 * <p>Records are read in order on one thread and written by up to {@code max_in_flight} at once; records
 * of the same contact keep their order ({@link KeySequencer}). A STATE is written to stdout (its value, one
 * line, as Singer targets do) only once every record read before it has its outcome: acknowledged by
 * Intercom, unchanged per the ledger, or in the errors file (flushed first). A run that stops (bad token,
 * unreadable input) confirms no STATE past the first record it could not finish.
 */
public final class Target {
    private static final Logger LOG = LoggerFactory.getLogger(Target.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.byDefault();
    private static final int REASONS_SHOWN = 3;

    private record PendingState(long after, String json) {
    }

    private final TargetConfig config;
    private final SyncEngine engine;
    private final RowRoute rowRoute;
    private final PrintWriter out;

    private final KeySequencer sequencer = new KeySequencer();
    /** Sequence numbers of the records handed to the writers and not yet finished. */
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private final ArrayDeque<PendingState> states = new ArrayDeque<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Set<String> logged = new HashSet<>();
    private final Set<String> skippedAttributes = new HashSet<>();
    private final AtomicInteger statesEmitted = new AtomicInteger();

    private ErrorsCsvWriter errors;
    private SyncRun run;
    private IntercomClient client;
    private JsonSchema validator;
    private TargetMapping mapping;
    private long submitted;

    public Target(TargetConfig config, SyncEngine engine, RowRoute rowRoute, PrintWriter out) {
        this.config = config;
        this.engine = engine;
        this.rowRoute = rowRoute;
        this.out = out;
    }

    /**
     * Reads the input to its end and writes every users record.
     *
     * @return the counts; records that failed are in the errors file
     * @throws Exception the failure that stopped the run (STATE lines already written stay valid)
     */
    public RunReport run(BufferedReader input) throws Exception {
        errors = new ErrorsCsvWriter(config.errorsFile(), List.of("stream", "record"));
        try {
            run = retries().call(() -> engine.openStream("stdin", errors));
        } catch (Exception e) {
            errors.close();
            throw e;
        }
        client = run.client();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(config.maxInFlight(), r -> {
            Thread t = new Thread(r, "target-writer-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // One permit per writer thread: every record handed over has a thread of its own, so a record
        // waiting for an earlier one of the same contact can never hold up that earlier one.
        Semaphore permits = new Semaphore(config.maxInFlight());
        Throwable failure = null;
        try {
            String line;
            long lineNumber = 0;
            while (fatal.get() == null && (line = input.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    handle(line, lineNumber, writers, permits);
                }
            }
        } catch (Exception | Error e) {
            failure = e;
        }
        writers.shutdown();
        while (!writers.awaitTermination(1, TimeUnit.MINUTES)) {
            LOG.info("Waiting for {} records still being written", inFlight.size());
        }
        if (failure == null) {
            failure = fatal.get();
        }
        try {
            drainStates();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        RunReport report = engine.close(run, failure == null ? null : Messages.of(failure));
        LOG.info("{} records of stream '{}': {} created, {} updated, {} unchanged, {} failed{}; {} STATE messages confirmed",
                report.rows(), config.usersStream(), report.created(), report.updated(), report.unchanged(), report.failed(),
                report.failed() > 0 ? " (see " + config.errorsFile() + ")" : "", statesEmitted.get());
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return report;
    }

    private void handle(String line, long lineNumber, ExecutorService writers, Semaphore permits) throws Exception {
        JsonNode m;
        try {
            m = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TargetException("line " + lineNumber + " of the input is not JSON: " + e.getOriginalMessage());
        }
        if (m == null || !m.isObject()) {
            throw new TargetException("line " + lineNumber + " of the input is not a Singer message (a JSON object)");
        }
        String type = m.path("type").asText("");
        String stream = m.path("stream").asText("");
        switch (type) {
            case "SCHEMA" -> {
                if (isUsers(stream)) {
                    schema(stream, m.path("schema"), lineNumber);
                } else {
                    ignore(stream);
                }
            }
            case "RECORD" -> {
                if (isUsers(stream)) {
                    submit(record(stream, m.path("record"), lineNumber), writers, permits);
                } else {
                    ignore(stream);
                }
            }
            case "STATE" -> state(m.get("value"), lineNumber);
            case "ACTIVATE_VERSION" -> {
                if (isUsers(stream) && logged.add("activate:" + stream)) {
                    LOG.info("ACTIVATE_VERSION of stream '{}' is ignored: contacts missing from a version are not deleted from Intercom", stream);
                } else if (!isUsers(stream)) {
                    ignore(stream);
                }
            }
            default -> {
                if (logged.add("type:" + type)) {
                    LOG.warn("Line {}: messages of type '{}' are not Singer messages this target takes; they are ignored", lineNumber, type);
                }
            }
        }
    }

    private boolean isUsers(String stream) {
        return config.usersStream().equals(stream);
    }

    private void ignore(String stream) {
        if (logged.add("stream:" + stream)) {
            LOG.info("Stream '{}' is not the users stream ('{}'): its messages are ignored", stream, config.usersStream());
        }
    }

    /** A SCHEMA of the users stream: its validator, its mapping, and the custom attributes it needs. */
    private void schema(String stream, JsonNode schema, long lineNumber) throws Exception {
        if (!schema.isObject()) {
            throw new TargetException("the SCHEMA of stream '" + stream + "' on line " + lineNumber + " has no schema object");
        }
        ObjectNode forValidator = schema.deepCopy();
        // Singer schemas are draft 4 in practice; a newer $schema would only make the validator refuse them.
        forValidator.remove("$schema");
        JsonSchema v;
        try {
            v = SCHEMAS.getJsonSchema(forValidator);
        } catch (ProcessingException e) {
            throw new TargetException("the SCHEMA of stream '" + stream + "' on line " + lineNumber
                    + " is not a valid JSON Schema: " + e.getProcessingMessage().getMessage());
        }
        List<DataAttribute> existing = retries().call(() -> client.dataAttributes("contact"));
        TargetMapping candidate = TargetMapping.of(stream, schema, config.overrides(), existing, skippedAttributes);
        if (!candidate.missing().isEmpty()) {
            List<String> left = new ArrayList<>();
            for (TargetMapping.Missing a : candidate.missing()) {
                if (!config.createMissingAttributes()) {
                    left.add(a.name());
                    continue;
                }
                try {
                    retries().call(() -> client.createDataAttribute(a.name(), "contact", a.type().intercomDataType()));
                    LOG.info("Created contact attribute '{}' ({})", a.name(), a.type().intercomDataType());
                } catch (RequestRejectedException e) {
                    if (exists(a.name())) {
                        // An earlier attempt landed but its answer was lost (5xx, dropped connection).
                        LOG.info("Created contact attribute '{}' ({})", a.name(), a.type().intercomDataType());
                        continue;
                    }
                    LOG.warn("Contact attribute '{}' could not be created ({}); field '{}' is left out", a.name(), e.getMessage(), a.name());
                    left.add(a.name());
                }
            }
            if (!config.createMissingAttributes()) {
                LOG.warn("Contact attributes {} do not exist in Intercom and create_missing_attributes is false: those fields are left out", left);
            }
            if (!left.isEmpty()) {
                skippedAttributes.addAll(left);
                candidate = TargetMapping.of(stream, schema, config.overrides(), existing, skippedAttributes);
            }
        }
        for (String note : candidate.notes()) {
            if (logged.add("note:" + note)) {
                LOG.info("Stream '{}': {}", stream, note);
            }
        }
        validator = v;
        mapping = candidate;
    }

    /** The calls before the records (GET /me, data attributes): the import's retry policy, from the target's settings. */
    private io.intercomsync.intercom.RetryPolicy retries() {
        return engine.settings().retries();
    }

    private boolean exists(String attribute) throws Exception {
        return retries().call(() -> client.dataAttributes("contact")).stream()
                .anyMatch(d -> d.custom() && d.name().equals(attribute));
    }

    /** The record as a row of the run: mapped, or rejected with the reason. */
    private RowTask record(String stream, JsonNode record, long lineNumber) throws ProcessingException {
        if (mapping == null) {
            throw new TargetException("line " + lineNumber + ": a RECORD of stream '" + stream + "' came before its SCHEMA");
        }
        List<String> values = List.of(stream, record.toString());
        if (!record.isObject()) {
            return RowTask.rejected(lineNumber, values, "the RECORD message carries no record object");
        }
        ProcessingReport report = validator.validate(record);
        if (!report.isSuccess()) {
            return RowTask.rejected(lineNumber, values, "the record does not match the SCHEMA of stream '" + stream
                    + "': " + describe(report));
        }
        try {
            MappedRow row = mapping.map(record);
            return RowTask.mapped(lineNumber, values, row, sequencer.enter(row.key().dedupeKey()));
        } catch (RowMappingException e) {
            return RowTask.rejected(lineNumber, values, e.column() == null ? e.reason() : "field '" + e.column() + "': " + e.reason());
        }
    }

    private static String describe(ProcessingReport report) {
        List<String> reasons = new ArrayList<>();
        int more = 0;
        for (ProcessingMessage pm : report) {
            if (reasons.size() == REASONS_SHOWN) {
                more++;
                continue;
            }
            JsonNode j = pm.asJson();
            String pointer = j.path("instance").path("pointer").asText("");
            String field = pointer.isEmpty() ? "the record" : "field '" + pointer.substring(1).replace("/", ".") + "'";
            reasons.add(field + ": " + pm.getMessage());
        }
        return String.join("; ", reasons) + (more > 0 ? " (and " + more + " more)" : "");
    }

    private void submit(RowTask task, ExecutorService writers, Semaphore permits) throws InterruptedException {
        permits.acquire();
        long seq = ++submitted;
        inFlight.add(seq);
        try {
            writers.execute(() -> {
                boolean done = false;
                try {
                    rowRoute.write(task, run);
                    done = true;
                } catch (Throwable e) {
                    fatal.compareAndSet(null, e); // the record stays unfinished: no later STATE is confirmed
                } finally {
                    permits.release();
                    if (done) {
                        inFlight.remove(seq);
                        try {
                            drainStates();
                        } catch (RuntimeException e) {
                            fatal.compareAndSet(null, e);
                        }
                    }
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private void state(JsonNode value, long lineNumber) throws JsonProcessingException {
        if (value == null) {
            LOG.warn("Line {}: a STATE message without a value is ignored", lineNumber);
            return;
        }
        synchronized (states) {
            states.add(new PendingState(submitted, JSON.writeValueAsString(value)));
        }
        drainStates();
    }

    /** Writes, in order, every STATE whose records have all finished. */
    private void drainStates() {
        synchronized (states) {
            while (!states.isEmpty()) {
                PendingState s = states.peek();
                Long oldest = inFlight.ceiling(Long.MIN_VALUE);
                if (oldest != null && oldest <= s.after()) {
                    return;
                }
                // After the check, not once per call: a record seen finished just now wrote its error row
                // before it left inFlight, and that row must be in the file before its STATE is confirmed.
                errors.flush();
                out.println(s.json());
                out.flush();
                if (out.checkError()) {
                    throw new TargetException("stdout was closed: nothing reads the STATE messages any more");
                }
                statesEmitted.incrementAndGet();
                states.poll();
            }
        }
    }
}
