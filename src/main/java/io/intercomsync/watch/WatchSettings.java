package io.intercomsync.watch;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Watch mode's settings, validated at startup.
 *
 * @param leaderElection {@code file} (a lock in {@code lockFolder}: replicas on one machine or a shared
 *                       disk), {@code kubernetes} (a Lease), or {@code none} (every replica polls; the
 *                       state store's claims still import each file once)
 */
public record WatchSettings(long pollIntervalMs, String leaderElection, Path lockFolder, String leaseName,
                            int maxFileAttempts, Duration staleAfter) {

    /**
     * The daemon's defaults for two of Camel's own keys (application.properties shows them commented out:
     * the one-shot import keeps Camel's), checked here because Camel would fail only once the daemon starts.
     */
    public static final int MANAGEMENT_PORT = 8080;
    /** Seconds that rows in flight get to finish after SIGTERM. */
    public static final int SHUTDOWN_TIMEOUT_S = 20;

    public static WatchSettings from(AppConfig c) {
        String election = c.text("watch.leader-election");
        if (!election.equals("file") && !election.equals("kubernetes") && !election.equals("none")) {
            throw new ConfigException("watch.leader-election=" + election + " is not supported: use file, kubernetes or none");
        }
        // Camel reads these two itself, and would fail only once the daemon starts, without naming them.
        c.number("camel.management.port", MANAGEMENT_PORT, 0, 65_535);
        c.number("camel.main.shutdown-timeout", SHUTDOWN_TIMEOUT_S, 1, 3_600);
        return new WatchSettings(
                c.whole("source.poll-interval-ms"),
                election,
                Path.of(c.text("watch.lock-folder")),
                c.text("watch.lease-name"),
                c.integer("watch.max-file-attempts"),
                Duration.ofMillis(c.whole("watch.claim-timeout-ms")));
    }

    /**
     * The route's trigger: a timer, behind leader election unless it is off. {@code synchronous=true}
     * because the timer otherwise fires again as soon as the run goes asynchronous (the row workers),
     * and a second poll would start the next file while the first is still being written.
     */
    public String triggerUri() {
        return led("timer:watch?period=" + pollIntervalMs + "&delay=0&synchronous=true");
    }

    /** {@code consumer} behind leader election, unless it is off: only the leader's consumes. */
    public String led(String consumer) {
        return leaderElection.equals("none") ? consumer : "master:" + leaseName + ":" + consumer;
    }
}
