package io.intercomsync.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.LedgerException;
import io.intercomsync.logging.Secrets;
import io.intercomsync.mapping.CompanyMapping;
import io.intercomsync.mapping.Mapping;
import io.intercomsync.mapping.MappingLoader;
import io.intercomsync.mapping.RowMapper;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.report.Messages;
import io.intercomsync.report.Progress;
import io.intercomsync.report.RunReport;
import io.intercomsync.source.Completeness;
import io.intercomsync.source.CountingInputStream;
import io.intercomsync.source.Source;
import io.intercomsync.source.SourceException;
import io.intercomsync.source.SourceFile;
import io.intercomsync.sync.KeySequencer;
import io.intercomsync.sync.PreflightRetries;
import io.intercomsync.sync.RowTask;
import io.intercomsync.sync.RunCounts;
import io.intercomsync.sync.SyncEngine;
import io.intercomsync.sync.SyncRun;
import io.intercomsync.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The import's steps, called one by one from the {@code import} routes: {@link #pick} picks the file,
 * {@link #begin} opens it and runs the preflight, {@link #rows} streams it (the {@code import-row} route
 * writes each row with {@link SyncEngine#write}), {@link #finish} archives what left the source and writes
 * the report.
 */
public final class Importer {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final String ERRORS_FILE = "user_errors.csv";
    static final String REPORT_FILE = "run-report.json";
    /** How often a run without a terminal logs its progress. */
    static final java.time.Duration PROGRESS_EVERY = java.time.Duration.ofSeconds(10);

    private final SyncSettings settings;
    private final ImportSettings reading; // how files are read
    private final Source source;
    private final SyncEngine engine;
    private final Mapping mapping; // null: columns named like Intercom's fields map to themselves

    /** Imports files of {@code source} with {@code engine}, which was built from {@code settings.sync()}. */
    public Importer(ImportSettings settings, Source source, SyncEngine engine) {
        this.settings = engine.settings();
        this.reading = settings;
        this.source = source;
        this.engine = engine;
        this.mapping = settings.mappingFile() == null ? null : MappingLoader.load(settings.mappingFile());
    }

    /**
     * Picks the file the run imports (the one named, or the newest in the source) and waits until it is
     * complete (source.stable-ms, source.done-marker); opens nothing.
     */
    public ImportRun pick(ImportRequest request) {
        // polled by the route from the source's endpoint, or listed here (s3, sftp, --file)
        SourceFile file = request.picked() != null ? request.picked()
                : request.file() != null ? source.named(request.file()) : newest();
        awaitComplete(file);
        return new ImportRun(file, file.version(), request.dryRun(), request.full(), engine.governor());
    }

    /** Waits, saying why, while the source says the file is still being written; gives up after source.complete-timeout-ms. */
    private void awaitComplete(SourceFile file) {
        long timeoutMs = reading.completeness().timeout().toMillis();
        long started = System.nanoTime();
        String said = null;
        while (true) {
            Completeness.Verdict verdict = source.completeness(file);
            if (verdict.complete()) {
                if (said != null) {
                    LOG.info("{} is complete now", file.name());
                }
                return;
            }
            long waited = (System.nanoTime() - started) / 1_000_000;
            if (waited >= timeoutMs) {
                throw new SourceException("'" + file.name() + "' is not complete: " + verdict.reason() + "; gave up after "
                        + waited / 1000 + " s of waiting (source.complete-timeout-ms=" + timeoutMs + ")");
            }
            if (!verdict.reason().equals(said)) {
                LOG.info("Waiting for {} to be complete: {}", file.name(), verdict.reason());
                said = verdict.reason();
            }
            try {
                Thread.sleep(Math.min(verdict.lookAgainInMs(), Math.max(1, timeoutMs - waited)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("stopped while waiting for '" + file.name() + "' to be complete");
            }
        }
    }

    /** Checks the token and the mapping against the workspace and opens the file {@link #pick} chose. */
    public ImportRun begin(ImportRun run, ImportRequest request) {
        SourceFile file = run.file();
        IntercomClient client = engine.client(run.counts());
        PreflightRetries retries = settings.preflightRetries();
        JsonNode me = retries.call(client::me); // a bad token stops here, before the file is even opened
        CountingInputStream in = new CountingInputStream(file.open());
        CsvRowSource rows;
        try {
            rows = new CsvRowSource(in, file::open, reading.encoding(), reading.delimiter(), reading.maxRowChars(),
                    this::mapperFor, new KeySequencer());
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
        try {
            // Retried as a whole: after a failed create it reads the attributes again and creates only what is missing.
            retries.call(() -> {
                preflight(client, request.dryRun());
                return null;
            });
        } catch (RuntimeException e) {
            closeQuietly(rows);
            throw e;
        }
        Ledger ledger;
        try {
            // A dry run reads the ledger to classify rows and writes nothing, not even there.
            String workspace = SyncEngine.workspaceOf(me);
            ledger = request.dryRun() ? Ledger.openReadOnly(settings.ledger(), workspace)
                    : Ledger.open(settings.ledger(), workspace);
        } catch (RuntimeException e) {
            closeQuietly(rows);
            throw e;
        }
        ErrorsCsvWriter errors;
        try {
            errors = new ErrorsCsvWriter(settings.outputFolder().resolve(ERRORS_FILE), rows.header());
        } catch (RuntimeException e) {
            closeQuietly(rows);
            closeQuietly(ledger);
            throw e;
        }
        try {
            List<String> allTags = mapping != null && mapping.tags().any()
                    ? mapping.tags().allFor(baseName(file.name()), java.time.LocalDate.now(java.time.ZoneOffset.UTC)) : null;
            SyncRun sync = new SyncRun(file.name(), request.dryRun(), request.full(), run.counts(), client, ledger, errors,
                    new SyncRun.Scope(sourceIdentity(file), allTags, settings.rules().archiveMissing()));
            run.open(rows, sync, new BatchReader.Ahead() {
                @Override
                public void lookUp(List<RowTask> batch) {
                    engine.lookUp(batch, sync);
                }

                @Override
                public void prepare(RowTask task) {
                    engine.prepare(task, sync);
                }
            });
        } catch (RuntimeException e) {
            errors.close();
            closeQuietly(rows);
            closeQuietly(ledger);
            throw e;
        }
        reconcileIfDue(run, request, client, ledger);
        RunCounts counts = run.counts();
        run.progress(Progress.start(file.name(), counts::rowsDone, rows::rowsRead, in::count, file.size(), PROGRESS_EVERY,
                counts::apiCalls, counts::allowancePerWindow));
        LOG.info("Importing {}{}{}; ledger at {}", file.name(), request.dryRun() ? " (dry run: nothing is written to Intercom)" : "",
                request.full() ? " (--full: every row is sent)" : "", ledger.description());
        return run;
    }

    /**
     * The rows of the run's file, in file order; iterate from one thread. It ends early, and nothing
     * escapes into the split, when the run is aborted or the file stops being readable (an unreadable
     * stretch, a reader out of memory): the rows read so far are written, then the run fails in
     * {@link #finish} with one sentence, instead of Camel's dump of the split, or a dead reader thread
     * leaving the split waiting forever.
     */
    public Iterator<RowTask> rows(ImportRun run) {
        BatchReader batches = run.batches();
        SyncRun sync = run.sync();
        return new Iterator<>() {
            // Rows come a batch at a time so the ledger is asked about a whole batch in one query.
            private final java.util.ArrayDeque<RowTask> ahead = new java.util.ArrayDeque<>();
            private boolean lastTaken;

            @Override
            public boolean hasNext() {
                if (sync.abortedBy() != null) {
                    return false;
                }
                // a batch may settle whole (every row unchanged): take on until a row is left or the file ends
                while (ahead.isEmpty() && !lastTaken && sync.abortedBy() == null) {
                    takeBatch();
                }
                return !ahead.isEmpty(); // rows read before the file stopped being readable are still written
            }

            /** Takes the next batch from the reader and settles what needs no call. */
            private void takeBatch() {
                BatchReader.Batch batch;
                try {
                    batch = batches.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.unreadable(new CsvFileException("the import was stopped while its file was being read", e));
                    lastTaken = true;
                    return;
                }
                if (batch.unreadable() != null) {
                    run.unreadable(batch.unreadable()); // the rows already read are still written
                }
                lastTaken = batch.last();
                ahead.addAll(batch.rows());
                try {
                    engine.settle(ahead, sync);
                } catch (LedgerException e) {
                    sync.abort(e); // a ledger that cannot be read or written stops the run, as it does on the writers
                }
            }

            @Override
            public RowTask next() {
                return ahead.remove(); // hasNext() took the row; handing it out cannot fail
            }
        };
    }

    /** --reconcile, or import.reconcile-every due: the ledger is refreshed from the workspace before the rows. */
    private void reconcileIfDue(ImportRun run, ImportRequest request, IntercomClient client, Ledger ledger) {
        if (!Reconciler.due(request.reconcile(), settings.rules().reconcileEvery(),
                request.reconcile() || request.dryRun() ? null : ledger.reconciles().lastFinished(), java.time.Instant.now())) {
            return;
        }
        if (request.dryRun()) {
            LOG.info("A dry run does not reconcile: it would rewrite the ledger; run without --dry-run to reconcile");
            return;
        }
        // each page retried on its own budget: a listing of 100,000 contacts is 667 pages
        run.counts().drifted(new Reconciler(client, ledger, call -> settings.preflightRetries().call(call)).run());
    }

    /**
     * The place the ledger records a contact's file came from: the folder (local, SFTP) or bucket and prefix
     * the file is in, not the file. A --file elsewhere is its own source, so archiving never compares a
     * fix-up file with the regular exports.
     */
    static String sourceIdentity(SourceFile file) {
        String name = file.name();
        if (name.contains("://")) {
            int slash = name.lastIndexOf('/');
            return slash <= name.indexOf("://") + 2 ? name : name.substring(0, slash);
        }
        Path parent = Path.of(name).toAbsolutePath().normalize().getParent();
        return parent == null ? name : parent.toString();
    }

    private static String baseName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /** Closes the run and writes the report to output.folder and to the request's --report file. */
    public RunReport finish(ImportRun run, ImportRequest request) {
        RuntimeException aborted = run.sync().abortedBy();
        if (aborted != null) {
            // The rows end early once the run is aborted (a revoked token, a ledger gone): the split may then end
            // without the writer's exception reaching it, and the run must still fail, not report part of the file.
            LOG.debug("Import failed", aborted);
            return writeReport(run, source != null ? source.describe(aborted) : Messages.of(aborted), request.report());
        }
        RuntimeException unreadable = run.unreadable();
        if (unreadable != null) {
            LOG.debug("Import failed", unreadable);
            return writeReport(run, Messages.of(unreadable), request.report());
        }
        String changed = changedWhileRead(run);
        if (changed != null) {
            return writeReport(run, changed, request.report()); // not archived: it was not imported whole
        }
        String archiveFailure = engine.archiveMissing(run.sync(), run.rows().errorsCsv());
        if (archiveFailure != null) {
            return writeReport(run, archiveFailure, request.report());
        }
        RunReport report = writeReport(run, null, request.report());
        source.afterRun(run.file(), run.dryRun(), settings.outputFolder().resolve(REPORT_FILE),
                settings.outputFolder().resolve(ERRORS_FILE));
        return report;
    }


    /**
     * The file was still being written while it was read (a pause longer than source.stable-ms): its rows
     * were imported, but perhaps not all of them, and the last one perhaps cut short.
     */
    private static String changedWhileRead(ImportRun run) {
        String before = run.version();
        String now = before == null ? null : run.file().version();
        if (before == null || before.equals(now)) {
            return null;
        }
        return "'" + run.file().name() + "' changed while it was being imported: it was still being written, so rows may be"
                + " missing or cut short; import it again once it is complete (raise source.stable-ms or have the exporter"
                + " write a source.done-marker)";
    }

    /** The run stopped: closes what it opened and writes a failed report. {@code run} is null when it never began. */
    public RunReport abort(ImportRun run, ImportRequest request, Exception cause) {
        String message = source != null ? source.describe(cause) : Messages.of(cause);
        ImportRun r = run;
        if (r == null) {
            String name = request.file() != null ? request.file() : source.location();
            r = new ImportRun(new UnopenedFile(name), null, request.dryRun(), request.full(), null);
        }
        LOG.debug("Import failed", cause);
        return writeReport(r, message, request.report());
    }

    private RunReport writeReport(ImportRun run, String error, Path extraReport) {
        run.closeQuietly();
        RunReport report = run.report(error);
        LOG.debug("Run report: {}", report.summary());
        List<Path> targets = new ArrayList<>();
        targets.add(settings.outputFolder().resolve(REPORT_FILE));
        if (extraReport != null) {
            targets.add(extraReport);
        }
        for (Path target : targets) {
            try {
                if (target.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                }
                // Masked as text: whatever a field holds, a secret quoted back by Intercom is not written.
                Files.writeString(target, Secrets.mask(JSON.writeValueAsString(report)), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the run report " + target + ": " + e.getMessage(), e);
            }
        }
        return report;
    }

    private RowMapper mapperFor(List<String> header) {
        Mapping m = mapping != null ? mapping : MappingLoader.defaultFor(header);
        if (mapping == null) {
            List<String> ignored = MappingLoader.unmappedColumns(m, header);
            if (!ignored.isEmpty()) {
                LOG.info("No mapping.file: columns {} are not Intercom fields and are ignored", ignored);
            }
        }
        return new RowMapper(m, header);
    }

    private void preflight(IntercomClient client, boolean dryRun) {
        Mapping m = mapping;
        if (m == null) {
            return; // the default mapping has standard fields only
        }
        List<AttributeCheck.Problem> problems = new ArrayList<>(
                AttributeCheck.compare("contact", m.custom(), client.dataAttributes("contact")));
        if (m.company().isPresent()) {
            CompanyMapping company = m.company().get();
            if (!company.custom().isEmpty()) {
                problems.addAll(AttributeCheck.compare("company", company.custom(), client.dataAttributes("company")));
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        boolean onlyMissing = problems.stream().allMatch(AttributeCheck.Problem::missing);
        if (!settings.createMissingAttributes() || !onlyMissing) {
            throw new PreflightException(AttributeCheck.message(problems, settings.createMissingAttributes()));
        }
        for (AttributeCheck.Problem p : problems) {
            if (dryRun) {
                LOG.info("Dry run: would create {} attribute '{}' ({})", p.model(), p.name(), p.declared().intercomDataType());
            } else {
                client.createDataAttribute(p.name(), p.model(), p.declared().intercomDataType());
                LOG.info("Created {} attribute '{}' ({})", p.model(), p.name(), p.declared().intercomDataType());
            }
        }
    }

    private SourceFile newest() {
        return source.newest().orElseThrow(() -> new SourceException(source.noMatchMessage()));
    }

    /** Names the file a run meant to import when it stopped before opening one. */
    private record UnopenedFile(String name) implements SourceFile {
        @Override
        public InputStream open() {
            throw new SourceException("'" + name + "' was never opened");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a file we failed to use; the original error is what the user needs
        }
    }
}
