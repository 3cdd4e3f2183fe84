package io.intercomsync.watch;

import io.intercomsync.imports.ImportRequest;
import io.intercomsync.report.Messages;
import io.intercomsync.report.RunReport;
import io.intercomsync.source.Completeness;
import io.intercomsync.source.Source;
import io.intercomsync.source.SourceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watch mode's decisions, called from the {@code watch} route on every poll: which files are due
 * (every matching file that is complete and not yet imported, or changed since it was, oldest first),
 * claiming one before it is imported (with a heartbeat while it runs), and recording how its run ended.
 * A file still being written (see {@code source.stable-ms}, {@code source.done-marker}) waits for a
 * later poll. A source that cannot be listed is logged
 * and tried again on the next poll: the daemon keeps running.
 */
public final class Watcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

    private final Source source;
    private final ImportedFiles files;
    private final LongSupplier clock;
    private final Duration heartbeatEvery;
    private final ScheduledExecutorService heartbeats;
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private volatile RunMetrics metrics;
    /** The claims as this poll's first question read them (see {@link #wants}); null until then. */
    private volatile ImportedFiles.Snapshot pollClaims;
    private volatile String lastListingProblem;
    /** The version of each due file as the last poll saw it, for its claim. */
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    /** Files said to be still being written, so that it is said once per file. */
    private final Map<String, Boolean> incomplete = new ConcurrentHashMap<>();

    public Watcher(Source source, ImportedFiles files, LongSupplier clock, Duration heartbeatEvery) {
        this.source = source;
        this.files = files;
        this.clock = clock;
        this.heartbeatEvery = heartbeatEvery;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where metrics go once the management server's registry exists. */
    public void metrics(RunMetrics m) {
        this.metrics = m;
    }

    /** The complete files to import now, oldest first. */
    public List<ImportRequest> due() {
        List<SourceFile> matching;
        try {
            matching = source.matching();
        } catch (RuntimeException e) {
            String problem = Messages.of(e);
            if (!problem.equals(lastListingProblem)) {
                LOG.warn("Cannot look for new files in {}: {} (trying again every poll)", source.location(), problem);
                lastListingProblem = problem;
            }
            return List.of();
        }
        if (lastListingProblem != null) {
            LOG.info("{} can be read again", source.location());
            lastListingProblem = null;
        }
        Map<String, String> candidates = new LinkedHashMap<>();
        for (SourceFile file : matching) {
            Completeness.Verdict verdict = source.completeness(file);
            if (!verdict.complete()) {
                if (incomplete.putIfAbsent(file.name(), Boolean.TRUE) == null) {
                    LOG.info("{} is not complete yet ({}); it is imported once it is", file.name(), verdict.reason());
                }
                continue;
            }
            incomplete.remove(file.name());
            candidates.put(file.name(), file.version());
        }
        versions.clear();
        candidates.forEach((name, version) -> {
            if (version != null) {
                versions.put(name, version);
            }
        });
        return files.due(source.location(), candidates, clock.getAsLong()).stream()
                .map(name -> new ImportRequest(name, false, false, null))
                .toList();
    }

    /**
     * For a source polled by its endpoint (source.uri, source.type=local): whether the file is complete
     * and still to import (never claimed, changed since, failed with attempts left, or claimed by a
     * process that died), asked by the endpoint's filter for every file of every poll.
     */
    public boolean wants(SourceFile file) {
        Completeness.Verdict verdict = source.completeness(file);
        if (!verdict.complete()) {
            if (incomplete.putIfAbsent(file.name(), Boolean.TRUE) == null) {
                LOG.info("{} is not complete yet ({}); it is imported once it is", file.name(), verdict.reason());
            }
            return false;
        }
        incomplete.remove(file.name());
        ImportedFiles.Snapshot claims = pollClaims;
        if (claims == null) {
            claims = files.snapshot(source.location(), clock.getAsLong());
            pollClaims = claims;
        }
        return claims.isDue(file.name(), file.version());
    }

    /** A poll of the source's endpoint begins: its filter's questions are answered from one read of the claims. */
    public void pollBegins() {
        pollClaims = null;
    }

    /** Takes the file for this process, or says another process has it (or has done it). */
    public boolean claim(ImportRequest request) {
        String version = request.picked() != null ? request.picked().version() : versions.get(request.file());
        if (!files.claim(source.location(), request.file(), version, clock.getAsLong())) {
            LOG.debug("{} is taken by another watcher", request.file());
            return false;
        }
        long every = heartbeatEvery.toMillis();
        running.put(request.file(), heartbeats.scheduleAtFixedRate(() -> beat(request.file()), every, every, TimeUnit.MILLISECONDS));
        return true;
    }

    private void beat(String file) {
        try {
            files.heartbeat(source.location(), file, clock.getAsLong());
        } catch (RuntimeException e) {
            LOG.warn("Cannot renew the claim on {}: {}", file, Messages.of(e));
        }
    }

    /** Records how the file's run ended; a run that stopped is tried again on a later poll. */
    public RunReport finished(ImportRequest request, RunReport report) {
        ScheduledFuture<?> beat = running.remove(request.file());
        if (beat != null) {
            beat.cancel(false);
        }
        long now = clock.getAsLong();
        if (RunReport.FAILED.equals(report.status())) {
            files.failed(source.location(), request.file(), report.error(), now);
            LOG.warn("{}: the run stopped ({}); it is tried again on a later poll", request.file(), report.error());
        } else {
            files.done(source.location(), request.file(), report.status(), now);
            LOG.info("{}", report.summary());
        }
        RunMetrics m = metrics;
        if (m != null) {
            m.record(report);
        }
        return report;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        files.close();
    }
}
