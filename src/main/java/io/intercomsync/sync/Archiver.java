package io.intercomsync.sync;

import io.intercomsync.intercom.AuthenticationException;
import io.intercomsync.intercom.NotFoundException;
import io.intercomsync.ledger.Ledger;
import io.intercomsync.ledger.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * import.missing=archive: once a file read whole is done, which contacts of its source it no longer has,
 * whether the guard (import.max-archive-share) lets them be archived, and the archiving itself (a dry run
 * lists them).
 */
final class Archiver {
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private final SyncSettings settings;

    Archiver(SyncSettings settings) {
        this.settings = settings;
    }

    /**
     * import.missing=archive, once every row of a file read whole is done: archives the contacts this source
     * wrote before that the file no longer has (a dry run lists them); {@code fromErrorsCsv}: the file is an
     * errors CSV, which holds only the rows that failed. Returns why the run fails, or null.
     */
    String archiveMissing(SyncRun run, boolean fromErrorsCsv) {
        SeenContacts seen = run.seen();
        if (seen == null || run.sourceId() == null || run.abortedBy() != null) {
            return null;
        }
        if (seen.rowsWithoutKey() > 0) {
            LOG.warn("import.missing=archive: nothing was archived, because {} rows do not say whose contact they are (see {}),"
                    + " so which contacts left the file is not known", seen.rowsWithoutKey(),
                    run.errorsFile() == null ? "the errors file" : run.errorsFile().getFileName());
            run.counts().archived(0);
            return null;
        }
        if (fromErrorsCsv) {
            LOG.info("import.missing=archive: nothing is archived from an errors CSV, which holds only the rows that failed");
            return null;
        }
        // Counted first, collected only if the guard lets it through: a header-only export against a large
        // ledger must be refused without holding every contact of it.
        long[] counts = {0, 0};
        run.ledger().forEachOfSource(run.sourceId(), c -> {
            if (candidate(c)) {
                counts[0]++;
                if (!seen.contains(c.contactKey(), c.entry().intercomId())) {
                    counts[1]++;
                }
            }
        });
        ArchivePlan plan = new ArchivePlan(counts[0], counts[1]);
        String refusal = plan.refusal(settings.rules().maxArchiveShare());
        if (refusal != null && !run.dryRun()) {
            return refusal;
        }
        if (run.dryRun()) {
            if (refusal != null) {
                LOG.warn("Dry run: the run itself would stop: {}", refusal);
            }
            long[] shown = {0};
            run.ledger().forEachOfSource(run.sourceId(), c -> {
                if (candidate(c) && !seen.contains(c.contactKey(), c.entry().intercomId()) && shown[0]++ < 50) {
                    LOG.info("Dry run: would archive {} (Intercom id {})", c.contactKey(), c.entry().intercomId());
                }
            });
            if (plan.missing() > 50) {
                LOG.info("Dry run: ... and {} more", plan.missing() - 50);
            }
            run.counts().archived(plan.missing());
            return null;
        }
        List<Ledger.KnownContact> missing = new ArrayList<>();
        run.ledger().forEachOfSource(run.sourceId(), c -> {
            if (candidate(c) && !seen.contains(c.contactKey(), c.entry().intercomId())) {
                missing.add(c);
            }
        });
        return archive(run, missing);
    }

    /** A contact import.missing may archive: written by an import (not only skipped as existing), not archived yet. */
    private static boolean candidate(Ledger.KnownContact c) {
        return !c.entry().archived() && !c.entry().fingerprint().isEmpty();
    }

    /** Archives the contacts, a few at a time (paced like every call); the ledger marks each once Intercom did. */
    private String archive(SyncRun run, List<Ledger.KnownContact> contacts) {
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = Math.max(1, Math.min(16, Math.min(settings.maxInFlight(), contacts.size())));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (Ledger.KnownContact c : contacts) {
                all.add(pool.submit(() -> {
                    try {
                        settings.preflightRetries().call(() -> {
                            try {
                                run.client().archiveContact(c.entry().intercomId());
                            } catch (NotFoundException gone) {
                                // deleted in Intercom already: out of the workspace either way
                            }
                            return null;
                        });
                        run.ledger().recordContact(c.contactKey(), c.entry().withArchived(true));
                        done.incrementAndGet();
                    } catch (AuthenticationException | LedgerException e) {
                        failures.add(e.getMessage());
                        run.abort(e);
                    } catch (RuntimeException e) {
                        failures.add(c.contactKey() + ": " + e.getMessage());
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("stopped while archiving");
        } finally {
            pool.shutdownNow();
        }
        run.counts().archived(done.get());
        LOG.info("import.missing=archive: archived {} contacts that are no longer in the source", done.get());
        if (failures.isEmpty()) {
            return null;
        }
        return failures.size() + " of the " + contacts.size() + " contacts to archive could not be archived (the first: "
                + failures.get(0) + "); the next run tries them again";
    }
}
