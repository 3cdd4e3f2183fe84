package io.intercomsync.cli;

import io.intercomsync.camel.CamelApp;
import io.intercomsync.camel.PolledFiles;
import io.intercomsync.config.AppConfig;
import io.intercomsync.imports.ImportSettings;
import io.intercomsync.imports.Importer;
import io.intercomsync.sync.SyncEngine;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.watch.ImportedFiles;
import io.intercomsync.logging.RunLogFiles;
import io.intercomsync.notify.Notifications;
import io.intercomsync.notify.NotifySettings;
import io.intercomsync.source.Source;
import io.intercomsync.watch.RunMetrics;
import io.intercomsync.watch.WatchSettings;
import io.intercomsync.watch.Watcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "watch", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs as a daemon: polls the source every source.poll-interval-ms and imports each new matching file once.",
                "Health on /observe/health/live and /observe/health/ready, Prometheus metrics on /observe/metrics "
                        + "(camel.management.port, 8080). Stops cleanly on SIGTERM."})
final class WatchCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties layered over application.properties.")
    java.nio.file.Path config;

    @Override
    public Integer call() {
        AppConfig cfg = Home.config(config, Map.of());
        ImportSettings settings = ImportSettings.from(cfg);
        NotifySettings notify = NotifySettings.from(cfg);
        WatchSettings watch = WatchSettings.from(cfg);
        if (settings.endpoint() != null && settings.endpoint().movesFiles() && watch.leaderElection().equals("none")) {
            // every replica would poll, and one that lost the claim on a file would move it away under the winner
            throw new io.intercomsync.config.ConfigException("source.uri moves or deletes files after their import, so"
                    + " watch.leader-election=none would let every replica poll and move a file another is importing:"
                    + " use watch.leader-election=file (one host) or kubernetes");
        }
        Source source = Sources.of(cfg, settings);
        RateLimitGovernor governor = new RateLimitGovernor(settings.sync().maxInFlight());
        SyncEngine engine = new SyncEngine(settings.sync(), governor);
        Importer importer = new Importer(settings, source, engine);
        ImportedFiles files = ImportedFiles.open(settings.sync().ledger(), owner(), watch.maxFileAttempts(), watch.staleAfter());
        try (Watcher watcher = new Watcher(source, files, System::currentTimeMillis, watch.staleAfter().dividedBy(4))) {
            PolledFiles polled = new PolledFiles(settings.endpoint(), settings.fileNames(), source);
            Map<String, Object> beans = new HashMap<>(Map.of("importer", importer, "syncEngine", engine, "watcher", watcher,
                    "notifications", new Notifications(notify),
                    "runLogs", new RunLogFiles(settings.sync().outputFolder().resolve("logs")), "polledFiles", polled));
            beans.putAll(Sources.beans(source));
            if (settings.endpoint() != null) {
                // the endpoint's filter asks the claims, so that each file is delivered while it is due only
                beans.putAll(Map.of("sourceFileNames", polled.filter(watcher::wants),
                        "newestFirst", polled.newestFirst(), "oldestFirst", polled.oldestFirst(),
                        "sourcePolls", new io.intercomsync.camel.SourcePolls(source, watcher::pollBegins)));
            }
            switch (watch.leaderElection()) {
                case "file" -> beans.put("leaderElection", fileLock(watch));
                case "kubernetes" -> beans.put("leaderElection", lease(watch));
                default -> { } // every replica polls; the claims in the state store still import each file once
            }
            CamelApp.runUntilStopped(Home.dir(), daemonProperties(cfg, settings, notify, watch), beans, lookup -> {
                Object registry = lookup.apply(MeterRegistry.class);
                if (registry != null) {
                    watcher.metrics(new RunMetrics((MeterRegistry) registry, governor));
                }
            }, settings.sourceUri() == null ? null : m -> new io.intercomsync.config.ConfigException(settings.sourceUri().refused(m)));
        }
        return ExitCodes.DONE;
    }

    static Properties daemonProperties(AppConfig cfg, ImportSettings settings, NotifySettings notify, WatchSettings watch) {
        Properties p = ImportCommand.camelProperties(cfg, settings, notify);
        p.setProperty("watch.trigger-uri", watch.triggerUri());
        if (settings.endpoint() != null) {
            p.setProperty("watch.source-endpoint", watch.led(settings.endpoint().watch(settings.completeness(),
                    ImportCommand.workFolder(settings), watch.pollIntervalMs())));
            p.setProperty("camel.main.routes-include-pattern", CamelApp.routes(Home.dir(), "shared", "import", "watch", "watch-endpoint"));
        } else {
            p.setProperty("camel.main.routes-include-pattern", CamelApp.routes(Home.dir(),
                    Sources.routeFolders(settings, "shared", "import", "watch", "watch-listing")));
        }
        // The management server: health for the probes, metrics for Prometheus. Defaults a daemon wants.
        p.putIfAbsent("camel.management.enabled", "true");
        p.putIfAbsent("camel.management.port", Integer.toString(WatchSettings.MANAGEMENT_PORT));
        p.putIfAbsent("camel.management.health-check-enabled", "true");
        p.putIfAbsent("camel.management.metrics-enabled", "true");
        p.putIfAbsent("camel.metrics.enabled", "true");
        p.putIfAbsent("camel.metrics.binders", "jvm-memory,processor,jvm-gc,jvm-thread");
        // SIGTERM: rows in flight get this long to finish (the ledger keeps what was acknowledged).
        p.putIfAbsent("camel.main.shutdown-timeout", Integer.toString(WatchSettings.SHUTDOWN_TIMEOUT_S));
        return p;
    }

    private static FileLockClusterService fileLock(WatchSettings watch) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("intercom-sync-file-lock");
        service.setRoot(watch.lockFolder().toAbsolutePath().toString());
        service.setAcquireLockDelay(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        // How soon a standby notices the leader is gone.
        service.setAcquireLockInterval(Math.max(500, Math.min(10_000, watch.pollIntervalMs())), java.util.concurrent.TimeUnit.MILLISECONDS);
        return service;
    }

    private static KubernetesClusterService lease(WatchSettings watch) {
        // In-cluster: the namespace, pod name and credentials come from the service account.
        KubernetesClusterService service = new KubernetesClusterService();
        service.setId("intercom-sync-lease");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            service.setPodName(pod);
        }
        return service;
    }

    /** Names this process in the state store's claims. */
    private static String owner() {
        String pod = System.getenv("POD_NAME");
        return pod != null && !pod.isBlank() ? pod : ManagementFactory.getRuntimeMXBean().getName();
    }
}
