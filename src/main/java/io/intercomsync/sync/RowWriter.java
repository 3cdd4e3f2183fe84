package io.intercomsync.sync;

import io.intercomsync.intercom.AuthenticationException;
import io.intercomsync.intercom.NotFoundException;
import io.intercomsync.intercom.RetryableException;
import io.intercomsync.ledger.Fingerprint;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.LedgerException;
import io.intercomsync.mapping.CompanyPayload;
import io.intercomsync.mapping.MappedRow;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Writes one row's contact to Intercom as the ledger and the import rules say: the decisions of the
 * per-row path (unchanged, skipped, created, updated, restored; its company and its tags), with the
 * calls each one needs and nothing more. Called by {@link SyncEngine#write} for every row of a file
 * and every record of the Singer target; failures propagate to it (retryable ones are redelivered).
 */
final class RowWriter {
    private final ImportRules rules;

    RowWriter(ImportRules rules) {
        this.rules = rules;
    }

    /**
     * The reader's shortcut, asked before a row is handed to the writers: a row without a company whose
     * contact and tags are what the ledger says we last wrote is settled here as unchanged, and so is
     * every such row of a dry run (as created or updated), so they cost neither a call nor the hand-off to
     * the row pool (most rows of a daily re-export). Anything else (archived, a company, a difference
     * outside a dry run, import rules other than the defaults, --full) returns false and goes through
     * {@link #write}, which would have decided the same for this row.
     */
    boolean settleWithoutCall(RowTask task, SyncRun run) {
        if (run.full() || !rules.updateExisting() || !rules.createNew()) {
            return false;
        }
        String key = task.contactKey();
        Ledger.ContactEntry known;
        MappedRow mapped;
        if (task.rowDigest() != null) {
            // the ledger first: the row's digest may spare its mapping (no company in the mapping, so none to attach)
            known = run.ledger().contact(key);
            if (sameRow(task, run, known)) {
                finishWithoutCall(task, run, key, known, null, Outcome.UNCHANGED);
                return true;
            }
            mapped = task.mapped();
            if (mapped == null) {
                return false; // it does not map: write() fails it
            }
        } else {
            mapped = task.mapped();
            if (mapped == null || mapped.company().isPresent()) {
                return false;
            }
            known = run.ledger().contact(key);
        }
        if (known == null ? !run.dryRun() : known.archived()) {
            return false; // a new contact outside a dry run needs its create: nothing more to work out here
        }
        TagState tags = run.allTags() == null ? null : TagState.of(mapped.tags(), run.allTags());
        boolean same = known != null && task.contactFingerprint().equals(known.fingerprint())
                && (tags == null || tags.from(TagState.decode(known.tags()), false).none());
        if (same) {
            finishWithoutCall(task, run, key, known, tags, Outcome.UNCHANGED);
            return true;
        }
        if (run.dryRun()) {
            // what write() would say of it, with no call: a dry run writes nothing
            boolean knownContact = known != null || mapped.key().id() != null;
            run.finish(task, knownContact ? Outcome.UPDATED : Outcome.CREATED, known == null ? null : known.intercomId());
            return true;
        }
        return false;
    }

    /**
     * The same row as the one the ledger's body was written from (its digest), so the same body: known unchanged
     * without mapping it. Never for a mapping with tags, which also depend on the file's name and date.
     */
    private static boolean sameRow(RowTask task, SyncRun run, Ledger.ContactEntry known) {
        return known != null && !known.archived() && run.allTags() == null && knowsRow(known, task.rowDigest());
    }

    /** Whether the ledger's entry says the row of this digest maps to the entry's body. */
    static boolean knowsRow(Ledger.ContactEntry known, String rowDigest) {
        return rowDigest != null && !known.fingerprint().isEmpty() && !Ledger.DRIFTED.equals(known.fingerprint())
                && bound(rowDigest, known.fingerprint()).equals(known.rowDigest());
    }

    /**
     * A row digest as the ledger keeps it: with the start of the fingerprint of the body the row was found to
     * map to, so a digest left beside another body (a process of an older version wrote the contact, which
     * knows nothing of the column) is never taken for that body's.
     */
    static String bound(String rowDigest, String fingerprint) {
        return rowDigest == null ? null : rowDigest + "." + fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    /**
     * A row that needs no call: the ledger learns what changed about the contact's source or tags, not the
     * contact, and the row's digest, which its body (the same as the ledger's) now goes with.
     */
    private void finishWithoutCall(RowTask task, SyncRun run, String key, Ledger.ContactEntry known, TagState tags, Outcome outcome) {
        if (needsLedgerUpdate(run, known, tags)) {
            Ledger.ContactEntry entry = (run.sourceId() == null ? known : known.withSource(run.sourceId()))
                    .withTags(tags == null ? known.tags() : tags.encode());
            run.ledger().recordContact(key, task.rowDigest() == null ? entry
                    : entry.withRowDigest(bound(task.rowDigest(), known.fingerprint())));
        } else if (!run.dryRun() && task.rowDigest() != null && !knowsRow(known, task.rowDigest())
                && !known.fingerprint().isEmpty() && !Ledger.DRIFTED.equals(known.fingerprint())) {
            run.ledger().recordRowDigest(key, bound(task.rowDigest(), known.fingerprint()), known.fingerprint());
        }
        run.finish(task, outcome, known.intercomId()); // no API call at all
    }

    /**
     * One row against the ledger: unchanged rows cost nothing, known contacts are updated by id, the
     * company is written once per run before its contacts are attached to it, a contact that moved to
     * another company is detached from the one the ledger says we attached (one company per row), its
     * tags follow the mapping's (attached when new, a column tag the column dropped taken off), a contact
     * we archived is restored, and the ledger learns each write only after Intercom acknowledged it.
     */
    void write(RowTask task, SyncRun run) {
        MappedRow mapped = task.mapped();
        Ledger ledger = run.ledger();
        String key = mapped.key().dedupeKey();
        String fingerprint = task.contactFingerprint();
        Ledger.ContactEntry known = ledger.contact(key);
        boolean restored = false;
        if (known != null && known.archived()) {
            // we archived it when it left the source; it is back, whatever the update rules say
            if (run.dryRun()) {
                run.finish(task, Outcome.UPDATED, known.intercomId()); // would be restored
                return;
            }
            known = restore(run, key, known);
            restored = true;
        }
        boolean knownContact = known != null || mapped.key().id() != null;
        if (knownContact && !rules.updateExisting()) {
            // import.existing=skip: no call, not even for its company
            boolean same = !run.full() && known != null && fingerprint.equals(known.fingerprint());
            run.finish(task, restored ? Outcome.UPDATED : same ? Outcome.UNCHANGED : Outcome.SKIPPED,
                    known == null ? null : known.intercomId());
            return;
        }
        String foundId = null;
        if (!knownContact && !rules.createNew()) {
            // import.new=skip: only contacts Intercom has are written, so ask it first (a read, also in a dry run)
            foundId = run.client().findContactId(mapped.key().externalId(), mapped.key().email(), roleOf(mapped));
            if (foundId == null || !rules.updateExisting()) {
                run.finish(task, Outcome.SKIPPED, foundId);
                return;
            }
        }
        boolean hasCompany = mapped.company().isPresent();
        String companyId = hasCompany ? companyIntercomId(run, mapped.company().get()) : null;
        TagState tags = run.allTags() == null ? null : TagState.of(mapped.tags(), run.allTags());
        TagState hadTags = known == null ? TagState.NONE : TagState.decode(known.tags());

        boolean sameBody = !run.full() && known != null && fingerprint.equals(known.fingerprint());
        boolean attached = !hasCompany
                || (companyId != null && known != null && companyId.equals(known.companyIntercomId()));
        boolean sameTags = tags == null || tags.from(hadTags, run.full()).none();
        if (sameBody && attached && sameTags) {
            finishWithoutCall(task, run, key, known, tags, restored ? Outcome.UPDATED : Outcome.UNCHANGED);
            return;
        }
        if (run.dryRun()) {
            run.finish(task, knownContact || foundId != null ? Outcome.UPDATED : Outcome.CREATED, known == null ? foundId : known.intercomId());
            return;
        }
        if (sameBody) {
            // Only the company attachment or the tags are missing: no contact call.
            String contactId = known.intercomId();
            try {
                Ledger.ContactEntry entry = run.sourceId() == null ? known : known.withSource(run.sourceId());
                if (!attached) {
                    run.client().attachCompany(contactId, companyId);
                    detachFormer(run, contactId, known.companyIntercomId(), companyId);
                    entry = entry.withCompany(companyId);
                    ledger.recordContact(key, entry);
                }
                syncTags(run, key, contactId, entry, tags, hadTags);
                // a redelivery after this row's create landed comes here: it is still a create
                run.finish(task, task.created() ? Outcome.CREATED : Outcome.UPDATED, contactId);
                return;
            } catch (NotFoundException e) {
                if ("company_not_found".equals(e.code())) {
                    throw companyGone(mapped.company().get(), companyId);
                }
                // The contact was deleted in Intercom since: write it again below.
            }
        }
        ContactWriter.Written written = run.writer().write(mapped.key(), mapped.contact(),
                known != null ? known.intercomId() : foundId, task.createSent(), task::markCreateSent,
                rules.createNew(), rules.updateExisting());
        Outcome outcome = written.outcome();
        String contactId = written.contactId();
        if (outcome == Outcome.SKIPPED) {
            if (contactId != null) {
                // Intercom has it (our create got 409): remembered without a fingerprint or source, so the next
                // run skips it without a call, under import.existing=update writes it, and it is never archived.
                ledger.recordContact(key, new Ledger.ContactEntry(contactId, "", null));
            }
            run.finish(task, outcome, contactId);
            return;
        }
        if (outcome == Outcome.CREATED) {
            task.markCreated();
        }
        boolean sameContact = known != null && contactId.equals(known.intercomId());
        String stillAttached = sameContact ? known.companyIntercomId() : null;
        Ledger.ContactEntry entry = new Ledger.ContactEntry(contactId, fingerprint, stillAttached,
                sameContact ? known.tags() : null, run.sourceId() != null || known == null ? run.sourceId() : known.source(),
                false, written.updatedAt(), bound(task.rowDigest(), fingerprint));
        if (!sameContact) {
            hadTags = TagState.NONE; // another contact now (created again, or merged): it has none of ours
        }
        // Learnt now, so a retried attach below does not send the contact again.
        ledger.recordContact(key, entry);
        if (hasCompany && (run.full() || !companyId.equals(stillAttached))) {
            try {
                run.client().attachCompany(contactId, companyId);
            } catch (NotFoundException e) {
                if ("company_not_found".equals(e.code())) {
                    throw companyGone(mapped.company().get(), companyId);
                }
                throw e;
            }
            detachFormer(run, contactId, stillAttached, companyId);
            entry = entry.withCompany(companyId);
            ledger.recordContact(key, entry);
        }
        syncTags(run, key, contactId, entry, tags, hadTags);
        run.finish(task, outcome, contactId);
    }

    /** Whether an unchanged row still changes what the ledger says (its source, or tags that need no call). */
    private static boolean needsLedgerUpdate(SyncRun run, Ledger.ContactEntry known, TagState tags) {
        if (run.dryRun() || known.fingerprint().isEmpty()) {
            return false;
        }
        boolean source = run.sourceId() != null && !run.sourceId().equals(known.source());
        return source || (tags != null && !java.util.Objects.equals(tags.encode(), known.tags()));
    }

    /**
     * Attaches the row's tags the contact lacks and takes off the column tags the column no longer names,
     * then records them; until then the ledger keeps the tags as they were, so a retry sends what is left.
     * A tag already taken off (404) is off.
     */
    private static void syncTags(SyncRun run, String key, String contactId, Ledger.ContactEntry entry, TagState tags,
                                 TagState had) {
        if (tags == null) {
            return;
        }
        TagState.Changes changes = tags.from(had, run.full());
        for (String name : changes.attach()) {
            String id = run.tagIds().idOf(name);
            try {
                run.client().tagContact(contactId, id);
            } catch (NotFoundException e) {
                if (e.getMessage().endsWith("User Not Found")) {
                    throw e; // the contact is gone, not the tag
                }
                // the tag was deleted from the workspace during the run: created again, once
                run.tagIds().forget(name, id);
                run.client().tagContact(contactId, run.tagIds().idOf(name));
            }
        }
        for (String name : changes.detach()) {
            String id = run.tagIds().existing(name);
            if (id == null) {
                continue; // deleted from the workspace: on no contact any more
            }
            try {
                run.client().untagContact(contactId, id);
            } catch (NotFoundException e) {
                if (e.getMessage().endsWith("User Not Found")) {
                    throw e; // the contact is gone, not the tag
                }
            }
        }
        String text = tags.encode();
        if (!java.util.Objects.equals(text, entry.tags())) {
            run.ledger().recordContact(key, entry.withTags(text));
        }
    }

    /**
     * A contact we archived is in the file again: it is unarchived first (an archived contact cannot be
     * updated). The entry after that, or null when it was deleted from Intercom meanwhile (then it is created).
     */
    private static Ledger.ContactEntry restore(SyncRun run, String key, Ledger.ContactEntry known) {
        try {
            run.client().unarchiveContact(known.intercomId());
        } catch (NotFoundException e) {
            return null;
        }
        Ledger.ContactEntry back = known.withArchived(false);
        run.ledger().recordContact(key, back);
        return back;
    }

    /**
     * Detaches the contact from the company we attached it to before, once it is attached to its new
     * one. Until this succeeds the ledger keeps the former company, so a retry detaches it again.
     * A 404 means it is detached already (by hand, or the company was deleted): nothing to do.
     */
    private static void detachFormer(SyncRun run, String contactId, String former, String current) {
        if (former == null || former.equals(current)) {
            return;
        }
        try {
            run.client().detachCompany(contactId, former);
        } catch (NotFoundException e) {
            if (!"company_not_found".equals(e.code())) {
                throw e;
            }
        }
    }

    /**
     * The Intercom id of the row's company: the first row of a company in this run writes it (or finds
     * it unchanged in the ledger), the others wait for that. A retryable failure lets the next attempt
     * try again; any other failure fails every row of the company.
     * In a dry run: null when the company would be created.
     */
    private String companyIntercomId(SyncRun run, CompanyPayload company) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> first = run.companyIds().putIfAbsent(company.companyId(), mine);
        if (first != null) {
            try {
                return first.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            String id = writeCompany(run, company);
            mine.complete(id);
            return id;
        } catch (RetryableException | AuthenticationException | LedgerException e) {
            run.companyIds().remove(company.companyId(), mine);
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            CompanyFailedException failed = new CompanyFailedException("company '" + company.companyId()
                    + "' could not be written, so its contacts were not sent: " + e.getMessage());
            mine.completeExceptionally(failed);
            throw failed;
        }
    }

    private String writeCompany(SyncRun run, CompanyPayload company) {
        String fingerprint = Fingerprint.of(company.body());
        Ledger.CompanyEntry known = run.ledger().company(company.companyId());
        if (!run.full() && known != null && fingerprint.equals(known.fingerprint())) {
            return known.intercomId();
        }
        if (run.dryRun()) {
            run.counts().companyWritten(); // would be
            return known == null ? null : known.intercomId();
        }
        String id = run.client().upsertCompany(company.body());
        run.counts().companyWritten();
        run.ledger().recordCompany(company.companyId(), new Ledger.CompanyEntry(id, fingerprint));
        return id;
    }

    private static CompanyFailedException companyGone(CompanyPayload company, String intercomId) {
        return new CompanyFailedException("company '" + company.companyId() + "' is no longer in Intercom (id "
                + intercomId + ", deleted since an earlier run); run with --full to write it again");
    }

    private static String roleOf(MappedRow mapped) {
        Object role = mapped.contact().get("role");
        return role == null ? "user" : role.toString();
    }
}
