package io.intercomsync.cli;

import io.intercomsync.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "sandbox", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs a local Intercom-compatible API (in memory) for demos, tests and benchmarks.")
final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "4010", description = "Port to listen on, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", defaultValue = "sandbox-token", description = "The access token it accepts (default ${DEFAULT-VALUE}).")
    String token;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay added to every response (default ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--latency-jitter-ms", defaultValue = "0", description = "Random extra delay, 0 to N ms, per response (default ${DEFAULT-VALUE}).")
    int latencyJitterMs;

    @Option(names = "--rate-limit", defaultValue = "1666", description = "Calls allowed per 10-second window, 0 for none (default ${DEFAULT-VALUE}, Intercom's 10,000 a minute).")
    int rateLimit;

    @Option(names = "--window-phase-ms", defaultValue = "0", description = "Rate-limit windows begin this many ms past each multiple of 10 s, 0 to 9999 (default ${DEFAULT-VALUE}).")
    long windowPhaseMs;

    @Option(names = "--reset-header", defaultValue = "exact", description = "X-RateLimit-Reset: exact (the window's end in whole seconds, rounded up), late (up to 2 s later) or absent (default ${DEFAULT-VALUE}).")
    String resetHeader;

    @Option(names = "--workspace-rate-limit", defaultValue = "0", description = "Calls per 10-second window for all apps of the workspace together, 0 for none (default ${DEFAULT-VALUE}; Intercom's is 25,000 a minute).")
    int workspaceRateLimit;

    @Option(names = "--other-app-token", paramLabel = "TOKEN", description = "Also accept this token, as another app of the same workspace (its own rate limit, the workspace's shared). Repeatable.")
    java.util.List<String> otherAppTokens = new java.util.ArrayList<>();

    @Option(names = "--fault-rate", defaultValue = "0", description = "Share of calls that fail (5xx, dropped connection, empty body...), 0 to 1 (default ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--seed", defaultValue = "0", description = "Start with a realistic workspace of N users, leads, companies, conversations (default ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--search-lag-ms", defaultValue = "0", description = "How long search takes to see a write (default ${DEFAULT-VALUE}).")
    long searchLagMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (faultRate < 0 || faultRate > 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fault-rate must be between 0 and 1");
        }
        if (windowPhaseMs < 0 || windowPhaseMs > 9_999) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--window-phase-ms must be between 0 and 9999");
        }
        if (!java.util.List.of("exact", "late", "absent").contains(resetHeader)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--reset-header must be exact, late or absent, not " + resetHeader);
        }
        if (rateLimit < 0 || workspaceRateLimit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate-limit and --workspace-rate-limit must be 0 or more");
        }
        Sandbox.Builder builder = Sandbox.builder().port(port).token(token).latencyMs(latencyMs).latencyJitterMs(latencyJitterMs)
                .rateLimit(rateLimit).windowPhaseMs(windowPhaseMs).resetHeader(resetHeader).workspaceRateLimit(workspaceRateLimit)
                .faultRate(faultRate).seedUsers(seed).searchLagMs(searchLagMs);
        otherAppTokens.forEach(builder::otherAppToken);
        Sandbox sandbox = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        spec.commandLine().getOut().printf("Intercom sandbox listening on %s (token: %s, rate limit: %s per 10 s%s)%n",
                sandbox.baseUrl(), token, rateLimit == 0 ? "no limit" : rateLimit, seed > 0 ? ", seeded with " + seed + " users" : "");
        spec.commandLine().getOut().flush();
        sandbox.awaitClose();
        return 0;
    }
}
