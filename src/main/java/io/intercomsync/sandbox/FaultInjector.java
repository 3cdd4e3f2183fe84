package io.intercomsync.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which requests get an injected {@link Sandbox.Fault}, and which 5xx a {@link Sandbox.Fault#SERVER_ERROR}
 * answers. Both draws come from one {@link Random} seeded by the builder's randomSeed, so a run with the same
 * seed and the same requests in the same order faults the same ones: keep the draws in this order.
 */
final class FaultInjector {
    private static final int[] SERVER_ERROR_STATUSES = {500, 502, 503};

    private volatile double rate;
    private final List<Sandbox.Fault> kinds;
    private final Set<String> endpoints; // empty: every endpoint
    private final Random random;

    FaultInjector(double rate, Set<Sandbox.Fault> kinds, Set<String> endpoints, long seed) {
        this.rate = checkRate(rate);
        this.kinds = new ArrayList<>(kinds);
        this.endpoints = endpoints;
        this.random = new Random(seed);
    }

    private static double checkRate(double f) {
        if (f < 0 || f > 1) {
            throw new IllegalArgumentException("faultRate must be within 0..1");
        }
        return f;
    }

    void rate(double f) {
        this.rate = checkRate(f);
    }

    /** The fault for this request to the endpoint (its route template), or null to serve it as asked. */
    Sandbox.Fault pick(String endpoint) {
        double r = rate;
        if (r <= 0 || kinds.isEmpty() || !(endpoints.isEmpty() || endpoints.contains(endpoint))) {
            return null; // no draw: requests that cannot fault leave the sequence of the others alone
        }
        synchronized (random) {
            if (random.nextDouble() >= r) {
                return null;
            }
            return kinds.get(random.nextInt(kinds.size()));
        }
    }

    /** 500, 502 or 503, as a server error at Intercom (or in front of it) may be any of them. */
    int serverErrorStatus() {
        synchronized (random) {
            return SERVER_ERROR_STATUSES[random.nextInt(SERVER_ERROR_STATUSES.length)];
        }
    }
}
