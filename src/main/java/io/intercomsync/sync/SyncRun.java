package io.intercomsync.sync;

import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.report.ErrorsCsvWriter;
import io.intercomsync.report.RunReport;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of the engine over a stream of rows (a CSV file's, or the Singer target's records): what its
 * rows are written with (the client, the ledger of the workspace, the errors file) and what they share
 * (each company's one upsert, the tag ids, the contacts seen). Everything is given when the run opens;
 * thread-safe.
 */
public final class SyncRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncRun.class);

    /**
     * What a file tells the engine besides its rows; {@link #NONE} for rows that are not a file.
     *
     * @param sourceId  the place the rows came from, as the ledger records which source wrote a contact (null: none)
     * @param allTags   contact.tags.all with its placeholders replaced (null: the mapping tags no one)
     * @param trackSeen whether the run remembers every contact it saw (import.missing=archive)
     */
    public record Scope(String sourceId, List<String> allTags, boolean trackSeen) {
        public static final Scope NONE = new Scope(null, null, false);
    }

    private final String source;
    private final boolean dryRun;
    private final boolean full;
    private final RunCounts counts;
    private final IntercomClient client;
    private final ContactWriter writer;
    private final TagIds tagIds;
    private final Ledger ledger;
    private final ErrorsCsvWriter errors;
    private final String sourceId;
    private final List<String> allTags;
    private final SeenContacts seen; // null unless scope.trackSeen
    /**
     * Each company of this run, by company_id: the Intercom id once its one upsert (or the ledger) gave
     * it. The first row of a company completes it; the others wait for it.
     */
    private final ConcurrentHashMap<String, CompletableFuture<String>> companyIds = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> abortedBy = new AtomicReference<>();

    /**
     * @param source what the rows are, as the report names them (a file, "stdin")
     * @param dryRun nothing is written to Intercom nor to the ledger
     * @param full   --full: fingerprints are ignored, every row is sent (ids are still used)
     * @param client counted by {@code counts} (its call listener)
     */
    public SyncRun(String source, boolean dryRun, boolean full, RunCounts counts, IntercomClient client, Ledger ledger,
                   ErrorsCsvWriter errors, Scope scope) {
        this.source = source;
        this.dryRun = dryRun;
        this.full = full;
        this.counts = counts;
        this.client = client;
        this.writer = new ContactWriter(client);
        this.tagIds = new TagIds(client);
        this.ledger = ledger;
        this.errors = errors;
        this.sourceId = scope.sourceId();
        this.allTags = scope.allTags();
        this.seen = scope.trackSeen() ? new SeenContacts() : null;
    }

    public String source() {
        return source;
    }

    public boolean dryRun() {
        return dryRun;
    }

    boolean full() {
        return full;
    }

    public RunCounts counts() {
        return counts;
    }

    public IntercomClient client() {
        return client;
    }

    public Ledger ledger() {
        return ledger;
    }

    ContactWriter writer() {
        return writer;
    }

    TagIds tagIds() {
        return tagIds;
    }

    ConcurrentHashMap<String, CompletableFuture<String>> companyIds() {
        return companyIds;
    }

    /** contact.tags.all for this run (placeholders replaced), or null when the mapping has no tags. */
    List<String> allTags() {
        return allTags;
    }

    /** The place this run's rows came from, as the ledger records which source wrote a contact; null for the target. */
    public String sourceId() {
        return sourceId;
    }

    /** Where this run's failed rows go, or null when it has no errors file. */
    java.nio.file.Path errorsFile() {
        return errors == null ? null : errors.file();
    }

    /** The contacts this run saw (import.missing=archive), or null. */
    public SeenContacts seen() {
        return seen;
    }

    /** Counts a finished row; a row already counted is not counted again. */
    void finish(RowTask task, Outcome outcome) {
        if (!task.finish(outcome)) {
            return;
        }
        SeenContacts s = seen;
        if (s != null) {
            String key = task.contactKey();
            if (key == null) {
                s.rowWithoutKey();
            } else {
                s.seen(key);
            }
        }
        counts.count(outcome);
    }

    /** Counts a finished row whose contact is {@code contactId} in Intercom (null: not known). */
    void finish(RowTask task, Outcome outcome, String contactId) {
        SeenContacts s = seen;
        if (s != null && contactId != null && task.outcome() == null) {
            s.seenId(contactId);
        }
        finish(task, outcome);
    }

    /** The row failed for {@code reason}: it goes to the errors file (once) and is counted as failed. */
    public void fail(RowTask task, String reason) {
        if (task.outcome() == null && errors != null) {
            errors.write(task.rowNumber(), reason, Instant.now(), task.values());
        }
        finish(task, Outcome.FAILED);
    }

    /** A failure that stops the whole run (bad token): rows not yet started are not attempted. */
    public void abort(RuntimeException cause) {
        abortedBy.compareAndSet(null, cause);
    }

    public RuntimeException abortedBy() {
        return abortedBy.get();
    }

    /** The report as of now; {@code error} (or null) says why the run stopped. */
    public RunReport report(String error) {
        return counts.report(source, dryRun, errors == null ? null : errors.file(), error);
    }

    /** Closes the errors file and the ledger, which writes what it still holds; never throws. */
    public void closeQuietly() {
        if (errors != null) {
            errors.close();
        }
        try {
            ledger.close(); // writes what is still pending
        } catch (RuntimeException e) {
            LOG.warn("The ledger could not record the last rows ({}); the next run sends them again", e.getMessage());
        }
    }
}
