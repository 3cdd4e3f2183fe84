package io.intercomsync.cli;

import io.intercomsync.camel.CamelApp;
import io.intercomsync.config.ConfigException;
import io.intercomsync.config.AppConfig;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.intercom.RetryPolicy;
import io.intercomsync.ledger.LedgerSettings;
import io.intercomsync.singer.RowRoute;
import io.intercomsync.singer.Target;
import io.intercomsync.singer.TargetConfig;
import io.intercomsync.singer.TargetRow;
import io.intercomsync.sync.ImportRules;
import io.intercomsync.sync.SyncEngine;
import io.intercomsync.sync.SyncSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code target}: Singer messages on stdin, the users stream's records written as contacts.
 *
 * <p>Why through Camel: a record is written by the import's own {@code SyncEngine.write} (the import-row route), and the
 * import's retry rules live in {@code routes/shared/error-handling.yaml} (row-retries: redelivery with backoff
 * for retryable failures up to max_attempts, then {@code giveUp} into the errors file). Sending each record
 * through {@code routes/singer-target/target.yaml} reuses those rules as they are instead of copying them into a Java
 * loop; the reading of stdin, the bounded pool of writers and the STATE bookkeeping are plain Java.
 */
@Command(name = "target", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Singer target: Singer messages on stdin; the users stream's records become Intercom contacts. "
                + "stdout carries only the confirmed STATE values; logs go to stderr.",
                "Exit codes: 0 the input was read to its end (rejected records are in errors_file); "
                        + "1 the run failed; 2 usage or configuration error."})
final class TargetCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Singer config (JSON): access_token, users_stream, reserved_field_overrides, base_url, "
                    + "api_version, create_missing_attributes, state_url, errors_file, max_attempts... (docs/target.md)")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TargetConfig cfg = TargetConfig.load(config);
        io.intercomsync.logging.Secrets.register(java.util.Collections.singletonList(cfg.accessToken()));
        // What the target's config has no setting for keeps the import's declared default.
        AppConfig declared = AppConfig.declaredDefaults();
        IntercomSettings intercom;
        try {
            intercom = new IntercomSettings(cfg.baseUrl(), cfg.accessToken(), cfg.apiVersion(),
                    Duration.ofMillis(declared.whole("intercom.connect-timeout-ms")), cfg.requestTimeout(), cfg.userAgent(), IntercomSettings.Keys.TARGET_CONFIG);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        // The engine's settings from the target's config: the same engine, retry policy and ledger as the import's.
        RetryPolicy retries = new RetryPolicy(cfg.maxAttempts(), Duration.ofMillis(cfg.retryDelayMs()),
                Duration.ofMillis(cfg.maxRetryDelayMs()));
        // the engine's calls outside the row route (the target retries its own calls before the records by max_attempts alone)
        Duration preflightTimeout = Duration.ofMillis(declared.whole("intercom.preflight-timeout-ms"));
        SyncSettings settings = new SyncSettings(intercom, retries, preflightTimeout, cfg.maxInFlight(),
                LedgerSettings.of(cfg.stateUrl()), cfg.createMissingAttributes(), cfg.errorsFile().toAbsolutePath().getParent(),
                ImportRules.DEFAULT);
        SyncEngine engine = new SyncEngine(settings, new RateLimitGovernor(cfg.maxInFlight()));
        Path home = Home.dir();
        try (CamelApp app = CamelApp.start(home, camelProperties(home, retries), Map.of("syncEngine", engine))) {
            RowRoute rowRoute = (task, run) -> app.request("direct:target-row", new TargetRow(task, run), Object.class);
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
            new Target(cfg, engine, rowRoute, spec.commandLine().getOut()).run(stdin);
        }
        return ExitCodes.DONE;
    }

    /** The row route's redelivery (routes/shared/error-handling.yaml) from the same policy the engine's other calls use. */
    static Properties camelProperties(Path home, RetryPolicy retries) {
        Properties p = new Properties();
        p.setProperty("camel.main.routes-include-pattern", CamelApp.routes(home, "shared", "singer-target"));
        p.setProperty("intercom.max-redeliveries", Integer.toString(retries.maxAttempts() - 1));
        p.setProperty("intercom.retry-delay-ms", Long.toString(retries.delay().toMillis()));
        p.setProperty("intercom.max-retry-delay-ms", Long.toString(retries.maxDelay().toMillis()));
        return p;
    }
}
