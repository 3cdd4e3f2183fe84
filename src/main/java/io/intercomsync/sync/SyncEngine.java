package io.intercomsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.intercomsync.intercom.AuthenticationException;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.intercom.RequestRejectedException;
import io.intercomsync.intercom.RetryableException;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.LedgerException;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The contact/company engine, the same for the import's CSV rows and the Singer target's records: it
 * settles the rows that need no call, writes the others (create-or-update, their company, their tags,
 * the ledger after Intercom acknowledged), gives up on a row whose retries ran out, and archives what
 * left a source. Called by the {@code import-row} route ({@link #write}, {@link #giveUp}) and by the
 * import and the target, which open the {@link SyncRun}s.
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    private final SyncSettings settings;
    private final RateLimitGovernor governor;
    private final RowWriter rowWriter;
    private final Archiver archiver;

    public SyncEngine(SyncSettings settings, RateLimitGovernor governor) {
        this.settings = settings;
        this.governor = governor;
        this.rowWriter = new RowWriter(settings.rules());
        this.archiver = new Archiver(settings);
    }

    public SyncSettings settings() {
        return settings;
    }

    public RateLimitGovernor governor() {
        return governor;
    }

    /** A client paced by this engine's governor whose calls {@code counts} counts. */
    public IntercomClient client(RunCounts counts) {
        return new IntercomClient(settings.intercom(), governor, counts);
    }

    /** Which workspace a ledger's entries belong to: Intercom's app id, from GET /me. */
    public static String workspaceOf(JsonNode me) {
        String id = me == null ? null : me.path("app").path("id_code").asText(null);
        return id == null || id.isBlank() ? "default" : id;
    }

    /**
     * Opens a run whose rows are records, not a file (the Singer target): checks the token (GET /me), opens
     * the ledger of that workspace and takes the errors file. Its rows are then written with {@link #write}
     * (and {@link #giveUp}) exactly like a file's; the caller checks its own attributes and keeps same-key
     * rows in order with a {@link KeySequencer}.
     */
    public SyncRun openStream(String name, ErrorsCsvWriter errors) {
        RunCounts counts = new RunCounts(governor);
        IntercomClient client = client(counts);
        JsonNode me = client.me();
        Ledger ledger = Ledger.open(settings.ledger(), workspaceOf(me));
        LOG.info("Writing {} to Intercom; ledger at {}", name, ledger.description());
        return new SyncRun(name, false, false, counts, client, ledger, errors, SyncRun.Scope.NONE);
    }

    /** Ends a run: the ledger writes what it still holds, the errors file is closed; the report says {@code error} (or null). */
    public RunReport close(SyncRun run, String error) {
        run.closeQuietly();
        return run.report(error);
    }

    /**
     * Reads the ledger's entries for a batch's rows in one query, ahead of {@link #settle}: the reader of a
     * file does it for a batch while the rows before it are settled, when it is ahead of them. Only a head
     * start, from any thread: a failure is left for the settling, which asks again.
     */
    public void lookUp(Collection<RowTask> batch, SyncRun run) {
        if (run.full()) {
            return;
        }
        List<String> keys = new ArrayList<>(batch.size());
        for (RowTask task : batch) {
            if (task.turn() != null) { // a row to write (mapped, or mapped once needed), not one rejected
                keys.add(task.contactKey());
            }
        }
        try {
            run.ledger().prefetch(keys);
        } catch (RuntimeException e) {
            // only a shortcut: each row asks the ledger itself, and a ledger that stays down stops the run there
            LOG.debug("Reading the ledger ahead failed", e);
        }
    }

    /**
     * Maps a row ahead of its settling, and fingerprints its body when the ledger's entry read ahead (by
     * {@link #lookUp}) will be compared with it; nothing for a row the ledger knows by its digest, which
     * settles without either. Only a head start, from any thread.
     */
    public void prepare(RowTask task, SyncRun run) {
        if (task.turn() == null || task.hasFingerprint() || task.outcome() != null) {
            return; // (outcome: set by the settling thread, read here as a hint only)
        }
        Ledger.ContactEntry known = run.ledger().peek(task.contactKey());
        if (known != null && RowWriter.knowsRow(known, task.rowDigest())) {
            return;
        }
        if (task.mapped() != null && known != null) {
            task.contactFingerprint();
        }
    }

    /**
     * The reader's shortcut for a batch read ahead of the writers: asks the ledger about the batch's keys in
     * one query ({@link #lookUp}; none for keys looked up already), then takes out of {@code batch} the rows
     * that need no call (unchanged; any row of a dry run: {@link RowWriter#settleWithoutCall}), counted as
     * done. The rows left go to {@link #write}.
     *
     * @throws LedgerException the ledger cannot be read: the run stops, as it does on the writers
     */
    public void settle(Collection<RowTask> batch, SyncRun run) {
        if (run.full()) {
            return;
        }
        lookUp(batch, run);
        try {
            batch.removeIf(task -> settled(task, run));
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            // only a shortcut: the rows left go to the writers, which decide them
            LOG.debug("Settling rows in the reader failed", e);
        } catch (Error e) {
            // mapping a row here ran out of memory, say: the run stops in one sentence, the rows left fail with it
            LOG.debug("Settling rows failed with an Error", e);
            run.abort(new IllegalStateException("the run stopped while settling rows: " + describe(e, settings.intercom().keys()), e));
        }
    }

    private boolean settled(RowTask task, SyncRun run) {
        if (task.outcome() != null) {
            return true;
        }
        // a row that does not map is left to write(), which fails it
        return task.turn() != null && run.abortedBy() == null && task.turn().free() && rowWriter.settleWithoutCall(task, run);
    }

    /** Writes one row. Retryable failures propagate for redelivery; everything else ends the row here. */
    public void write(RowTask task, SyncRun run) {
        if (task.outcome() != null) {
            return;
        }
        String mappingError;
        try {
            mappingError = task.mappingError(); // the row may be mapped only now
        } catch (Error e) {
            throw stop(task, run, e);
        }
        if (mappingError != null) {
            if (task.contactKey() != null) {
                run.ledger().dropReadAhead(task.contactKey()); // looked up with its batch, and never asked for
            }
            run.fail(task, mappingError);
            return;
        }
        RuntimeException aborted = run.abortedBy();
        if (aborted != null) {
            task.finish(Outcome.FAILED); // not counted: the run failed and the report says why
            throw aborted;
        }
        if (task.nextAttempt() > 1) {
            run.counts().retried();
        }
        task.turn().await();
        try {
            rowWriter.write(task, run);
        } catch (RetryableException e) {
            throw e;
        } catch (AuthenticationException | LedgerException e) {
            run.abort(e);
            task.finish(Outcome.FAILED);
            throw e;
        } catch (RequestRejectedException | CompanyFailedException e) {
            run.fail(task, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Unexpected error on row {}", task.rowNumber(), e);
            run.fail(task, "unexpected error: " + e);
        } catch (Error e) {
            throw stop(task, run, e);
        }
    }

    /** An Error stops the run, not just this worker thread (a dead worker leaves the split waiting forever). */
    private IllegalStateException stop(RowTask task, SyncRun run, Error e) {
        LOG.debug("Row {} failed with an Error", task.rowNumber(), e);
        IllegalStateException stop = new IllegalStateException("the run stopped at row " + task.rowNumber() + ": "
                + describe(e, settings.intercom().keys()), e);
        run.abort(stop);
        task.finish(Outcome.FAILED);
        return stop;
    }

    /** Rows a reader reads ahead of the writers, whose ledger entries are read in one query ({@link #settle}). */
    public static final int READ_AHEAD = 256;

    /** One sentence for an Error that stopped an import; running out of memory says what to change. */
    public static String describe(Error e) {
        return describe(e, IntercomSettings.Keys.PROPERTIES);
    }

    /** One sentence for an Error that stopped a run; running out of memory says what to change, as the user sets it. */
    static String describe(Error e, IntercomSettings.Keys keys) {
        if (e instanceof OutOfMemoryError) {
            return "Java ran out of memory (" + e.getMessage() + "); lower " + keys.lessMemory()
                    + ", or give Java more memory (JAVA_OPTS=-Xmx...)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A row whose retryable failure outlived intercom.max-attempts. */
    public void giveUp(RowTask task, SyncRun run, Exception cause) {
        String why = cause == null ? "unknown error" : cause.getMessage();
        LOG.warn("Row {}: gave up after {} attempts: {}", task.rowNumber(), settings.maxAttempts(), why);
        run.fail(task, "gave up after " + settings.maxAttempts() + " attempts: " + why);
    }

    /**
     * import.missing=archive, once every row of a file read whole is done: archives the contacts of the run's
     * source that it no longer has. Returns why the run fails, or null.
     */
    public String archiveMissing(SyncRun run, boolean fromErrorsCsv) {
        return archiver.archiveMissing(run, fromErrorsCsv);
    }
}
