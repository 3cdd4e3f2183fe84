package io.intercomsync.intercom;

/** 429 rate_limit_exceeded: the governor holds every request until the window resets, then this one is sent again. */
public final class RateLimitedException extends RetryableException {
    public RateLimitedException(String message) {
        super(429, "rate_limit_exceeded", message);
    }
}
