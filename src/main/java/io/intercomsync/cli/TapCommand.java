package io.intercomsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.config.ConfigException;
import io.intercomsync.config.AppConfig;
import io.intercomsync.intercom.ApiCallListener;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.IntercomSettings;
import io.intercomsync.intercom.RateLimitGovernor;
import io.intercomsync.singer.Bookmarks;
import io.intercomsync.singer.Catalog;
import io.intercomsync.singer.Tap;
import io.intercomsync.singer.TapConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tap", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Singer tap: Intercom's admins, companies, attributes, segments, conversations (+ parts), leads, tags, "
                + "teams and users out as Singer messages on stdout; logs on stderr.",
                "Exit codes: 0 done; 1 the sync failed; 2 usage or configuration error."})
final class TapCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TapCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Singer config (JSON): access_token, start_date, request_timeout, user_agent, base_url, api_version...")
    Path config;

    /** Neither option: sync every stream of discovery, as a tap run with only --config does (singer-check-tap --tap). */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode;

    static final class Mode {
        @Option(names = "--discover", required = true, description = "Write the catalog (streams, schemas, metadata) to stdout.")
        boolean discover;

        @Option(names = {"--catalog", "--properties"}, required = true, paramLabel = "FILE",
                description = "Sync the streams this catalog selects (--properties: the name singer-io's own taps use). "
                        + "Without either, every stream of discovery is synced.")
        Path catalog;
    }

    @Option(names = "--state", paramLabel = "FILE", description = "Resume from this state (the last STATE message's value).")
    Path state;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TapConfig cfg = TapConfig.load(config);
        io.intercomsync.logging.Secrets.register(java.util.List.of(cfg.accessToken()));
        PrintWriter out = spec.commandLine().getOut();
        if (mode != null && mode.discover) {
            if (state != null) {
                throw new ConfigException("--state is for --catalog runs, not --discover");
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Catalog.discover()));
            out.flush();
            return ExitCodes.DONE;
        }
        List<Catalog.Selection> selected;
        if (mode == null) {
            selected = Catalog.everyStream();
            LOG.info("No --catalog or --properties: syncing every stream of discovery ({} streams)", selected.size());
        } else {
            selected = Catalog.load(mode.catalog);
        }
        Bookmarks bookmarks = state == null ? Bookmarks.empty() : Bookmarks.load(state);
        IntercomSettings settings;
        try {
            settings = new IntercomSettings(cfg.baseUrl(), cfg.accessToken(), cfg.apiVersion(),
                    java.time.Duration.ofMillis(AppConfig.declaredDefaults().whole("intercom.connect-timeout-ms")), cfg.requestTimeout(), cfg.userAgent(), IntercomSettings.Keys.SINGER_CONFIG);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        IntercomClient client = new IntercomClient(settings, new RateLimitGovernor(cfg.partsConcurrency() + 1), ApiCallListener.NONE);
        new Tap(cfg, client, out, bookmarks).sync(selected);
        out.flush();
        return ExitCodes.DONE;
    }
}
