package io.intercomsync.singer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intercomsync.intercom.NotFoundException;
import io.intercomsync.intercom.RateLimitedException;
import io.intercomsync.intercom.RequestRejectedException;
import io.intercomsync.intercom.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * The companies stream, through the scroll: the only way to read every company. Its requests go out once
 * each ({@link Api#once}) with retry rules of its own, because a scroll page, unlike a search page, may
 * not simply be asked again.
 */
final class CompaniesScroll {
    private static final Logger LOG = LoggerFactory.getLogger(CompaniesScroll.class);

    private final Api api;
    private final TapConfig config;

    CompaniesScroll(Api api, TapConfig config) {
        this.api = api;
        this.config = config;
    }

    /**
     * Intercom allows one scroll per workspace at a time:
     * a second start answers 400 scroll_exists (we wait for the other one to finish or expire), a
     * scroll_param answers 404 once it expired (we start again), and a failed page (5xx, no answer, empty
     * body) may already have moved the scroll on, so it is not asked again: we drain the broken scroll to
     * its end, which frees the workspace's slot, and start a new one. Companies already written in this run
     * are not written twice. The scroll is not ordered, so the bookmark moves only at the end.
     */
    void sync(StreamRun run) {
        Set<String> written = new HashSet<>();
        int restarts = 0;
        boolean done = false;
        while (!done) {
            JsonNode page = startScroll();
            String param = page.path("scroll_param").asText(null);
            while (true) {
                JsonNode data = page.path("data");
                if (!data.isArray() || data.isEmpty()) {
                    done = true;
                    break;
                }
                for (JsonNode co : data) {
                    if (co.isObject() && co.path("updated_at").asLong(Long.MAX_VALUE) >= run.fromSec()
                            && written.add(co.path("id").asText())) {
                        run.emit(denestCompany((ObjectNode) co));
                        run.seen(co.path("updated_at").asLong());
                    }
                }
                run.markProgress(); // the bookmark cannot move mid-scroll; the STATE still marks progress
                if (param == null) {
                    throw new TapException("GET /companies/scroll answered without a scroll_param");
                }
                try {
                    page = scrollPage(param);
                } catch (NotFoundException e) {
                    LOG.warn("companies: the scroll expired ({}); starting a new one", e.getMessage());
                    restarts = restart(restarts);
                    break;
                } catch (RetryableException e) {
                    LOG.warn("companies: a scroll page failed ({}); it may have been consumed, so the scroll is drained and started again",
                            e.getMessage());
                    drain(param);
                    restarts = restart(restarts);
                    break;
                }
                param = page.path("scroll_param").asText(param);
            }
        }
        run.checkpoint(run.started);
    }

    private int restart(int restarts) {
        if (restarts + 1 >= config.maxAttempts()) {
            throw new TapException("the companies scroll broke " + (restarts + 1) + " times; giving up");
        }
        return restarts + 1;
    }

    private JsonNode startScroll() {
        long deadline = System.currentTimeMillis() + config.scrollWaitSeconds() * 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                return api.once("GET", "/companies/scroll", "GET /companies/scroll", null);
            } catch (RequestRejectedException e) {
                if (!"scroll_exists".equals(e.code())) {
                    throw e;
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new TapException("another companies scroll has held this workspace's only scroll slot for over "
                            + config.scrollWaitSeconds() + " s (Intercom allows one at a time); run the tap again once it has finished");
                }
                LOG.info("companies: another scroll is running in this workspace (scroll_exists); waiting {} ms for it to finish or expire",
                        config.scrollRetryMs());
                Api.sleep(config.scrollRetryMs());
            } catch (RetryableException e) {
                if (attempt >= config.maxAttempts()) {
                    throw e;
                }
                api.pause(e, attempt, "GET /companies/scroll");
            }
        }
    }

    /** The next page of a scroll; a 429 did not reach the scroll, so only that is asked again. */
    private JsonNode scrollPage(String param) {
        for (int attempt = 1; ; attempt++) {
            try {
                return api.once("GET", "/companies/scroll?scroll_param=" + Api.urlEncode(param), "GET /companies/scroll", null);
            } catch (RateLimitedException e) {
                if (attempt >= config.maxAttempts()) {
                    throw e;
                }
                api.pause(e, attempt, "GET /companies/scroll");
            }
        }
    }

    /** Reads a broken scroll to its end (or expiry) without writing anything, so the workspace may start another. */
    private void drain(String param) {
        int failures = 0;
        String p = param;
        while (true) {
            try {
                JsonNode page = scrollPage(p);
                if (!page.path("data").isArray() || page.path("data").isEmpty()) {
                    return;
                }
                p = page.path("scroll_param").asText(p);
            } catch (NotFoundException e) {
                return; // expired: the slot is free
            } catch (RetryableException e) {
                if (++failures >= config.maxAttempts()) {
                    LOG.warn("companies: could not drain the broken scroll; the new one waits for it to expire");
                    return;
                }
                api.pause(e, failures, "GET /companies/scroll");
            }
        }
    }

    private static ObjectNode denestCompany(ObjectNode co) {
        IntercomLists.unwrap(co, "tags", "tags");
        IntercomLists.unwrap(co, "segments", "segments");
        return co;
    }
}
