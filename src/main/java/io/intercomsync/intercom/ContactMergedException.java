package io.intercomsync.intercom;

/** 410 contact_merged (API 2.16): the contact was merged into another; {@link #survivorId()} names it when known. */
public final class ContactMergedException extends RequestRejectedException {
    private final String survivorId;

    public ContactMergedException(String message, String survivorId) {
        super(410, "contact_merged", message, null);
        this.survivorId = survivorId;
    }

    public String survivorId() {
        return survivorId;
    }
}
