package io.intercomsync.sandbox;

import java.util.Map;

/**
 * A snapshot of what the sandbox has served since start or the last reset.
 *
 * @param totalRequests every request to the API (not the /_sandbox endpoints)
 * @param byStatus      count per HTTP status; a dropped connection is counted under status 0
 * @param byEndpoint    count per "METHOD /path-template", e.g. "POST /contacts/{id}/archive"; unmatched paths as "METHOD ?"
 * @param rateLimited   429 answers
 * @param faults        injected faults by kind (name of {@link Sandbox.Fault})
 * @param writes        POST/PUT/DELETE requests that changed state
 */
public record SandboxStats(long totalRequests, Map<Integer, Long> byStatus, Map<String, Long> byEndpoint,
                           long rateLimited, Map<String, Long> faults, long writes) {
}
