package io.intercomsync.cli;

import io.intercomsync.camel.CamelApp;
import io.intercomsync.camel.PolledFiles;
import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import io.intercomsync.imports.ImportRequest;
import io.intercomsync.imports.ImportSettings;
import io.intercomsync.imports.Importer;
import io.intercomsync.sync.SyncEngine;
import io.intercomsync.imports.FileKeptException;
import io.intercomsync.source.Source;
import io.intercomsync.logging.RunLogFiles;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.notify.Notifications;
import io.intercomsync.notify.NotifySettings;
import io.intercomsync.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Imports the newest timestamped CSV in the source (or --file) into Intercom contacts.",
                "Exit codes: 0 every row done; 3 finished, some rows failed (see the errors CSV); "
                        + "1 the run failed; 2 usage or configuration error."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties layered over application.properties.")
    Path config;

    @Option(names = "--file", paramLabel = "PATH", description = "Import this file instead of the newest in the source.")
    String file;

    @Option(names = "--dry-run", description = "Validate and map every row, check the workspace's attributes and classify rows against the ledger; write nothing, to Intercom or to the ledger.")
    boolean dryRun;

    @Option(names = "--full", description = "Send every row and company, even those the ledger says are unchanged (known ids are still used).")
    boolean full;

    @Option(names = "--reconcile", description = "Before the rows, refresh the ledger from the workspace's contact list "
            + "(GET /contacts, one call per 150 contacts): contacts deleted or edited in Intercom are written again. "
            + "See also import.reconcile-every.")
    boolean reconcile;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the run report (JSON) here.")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AppConfig cfg = Home.config(config, Map.of());
        ImportSettings settings = ImportSettings.from(cfg);
        NotifySettings notify = NotifySettings.from(cfg);
        Source source = Sources.of(cfg, settings);
        SyncEngine engine = new SyncEngine(settings.sync(), new RateLimitGovernor(settings.sync().maxInFlight()));
        Importer importer = new Importer(settings, source, engine);
        ImportRequest request = new ImportRequest(file, dryRun, full, report, reconcile);
        PolledFiles polled = new PolledFiles(settings.endpoint(), settings.fileNames(), source);
        Map<String, Object> beans = new HashMap<>(Map.of("importer", importer, "syncEngine", engine, "notifications", new Notifications(notify),
                "runLogs", new RunLogFiles(settings.sync().outputFolder().resolve("logs")), "polledFiles", polled));
        beans.putAll(Sources.beans(source));
        if (settings.endpoint() != null) {
            beans.putAll(Map.of("sourceFileNames", polled.filter(file -> true),
                    "newestFirst", polled.newestFirst(), "oldestFirst", polled.oldestFirst()));
        }
        RunReport result;
        Properties camel = oneShotProperties(cfg, settings, notify);
        try (CamelApp app = CamelApp.start(Home.dir(), camel, beans)) {
            if (settings.sourceUri() != null) {
                // a mistyped option stops here, as a configuration error, before the start notification
                app.checkEndpoint(camel.getProperty("source.endpoint"), m -> new ConfigException(settings.sourceUri().refused(m)));
            }
            result = app.request("direct:import-once", request, RunReport.class);
        } catch (FileKeptException e) {
            result = e.report(); // the run did not import its polled file (stopped, or a dry run): the endpoint left it in place
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(result.summary());
        if (RunReport.FAILED.equals(result.status())) {
            spec.commandLine().getErr().println("intercom-sync: " + result.error());
            return ExitCodes.RUN_FAILED;
        }
        return result.failed() > 0 ? ExitCodes.ROWS_FAILED : ExitCodes.DONE;
    }

    /** The properties the routes read, plus the ones derived from settings. */
    static Properties camelProperties(AppConfig cfg, ImportSettings settings, NotifySettings notify) {
        Properties p = cfg.asProperties();
        p.setProperty("notify.timeout-ms", Long.toString(notify.timeoutMs()));
        p.setProperty("notify.max-redeliveries", Integer.toString(notify.maxAttempts() - 1));
        p.setProperty("notify.max-attempts", Integer.toString(notify.maxAttempts()));
        p.setProperty("intercom.max-redeliveries", Integer.toString(settings.sync().maxAttempts() - 1));
        // Validated by ImportSettings: the routes get the checked values, never the raw text.
        p.setProperty("intercom.retry-delay-ms", Long.toString(settings.sync().retries().delay().toMillis()));
        p.setProperty("intercom.max-retry-delay-ms", Long.toString(settings.sync().retries().maxDelay().toMillis()));
        String pool = "camel.threadpool.config[rowWorkers].";
        p.setProperty(pool + "id", "rowWorkers");
        p.setProperty(pool + "pool-size", Integer.toString(settings.sync().maxInFlight()));
        p.setProperty(pool + "max-pool-size", Integer.toString(settings.sync().maxInFlight()));
        // Bounded: the CSV is read only a little ahead of what is being written, whatever its size.
        p.setProperty(pool + "max-queue-size", Integer.toString(settings.sync().maxInFlight() * 4));
        p.setProperty(pool + "rejected-policy", "CallerRuns");
        // source.uri or the local shorthand: the endpoint a one-shot run polls (the import route's pollEnrich)
        p.setProperty("source.polled", Boolean.toString(settings.endpoint() != null));
        p.setProperty("source.endpoint", settings.endpoint() == null ? "none"
                : settings.endpoint().oneShot(settings.completeness(), workFolder(settings)));
        return p;
    }

    /** Where remote files of a source.uri are downloaded while they are imported. */
    static java.nio.file.Path workFolder(ImportSettings settings) {
        return settings.sync().outputFolder().resolve("work");
    }

    /** A one-shot run loads routes/shared and routes/import. */
    static Properties oneShotProperties(AppConfig cfg, ImportSettings settings, NotifySettings notify) {
        Properties p = camelProperties(cfg, settings, notify);
        p.setProperty("camel.main.routes-include-pattern", CamelApp.routes(Home.dir(), Sources.routeFolders(settings, "shared", "import")));
        return p;
    }
}
