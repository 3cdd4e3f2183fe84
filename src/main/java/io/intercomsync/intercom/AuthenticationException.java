package io.intercomsync.intercom;

/** 401 or 403: the token is wrong, revoked or lacks a permission. Nothing else can succeed, so the run stops. */
public final class AuthenticationException extends IntercomException {
    public AuthenticationException(int status, String code, String message) {
        super(status, code, message);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
