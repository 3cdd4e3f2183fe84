package io.intercomsync.intercom;

/** 404: the contact or company addressed by id does not exist (deleted since we last saw it). */
public final class NotFoundException extends RequestRejectedException {
    public NotFoundException(String code, String message) {
        super(404, code, message, null);
    }
}
