package io.intercomsync.intercom;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 409 conflict: a contact with the same external_id (or a user's email) exists. Intercom puts the
 * existing contact's id only in the message, so it is parsed out here.
 */
public final class ConflictException extends RequestRejectedException {
    private static final Pattern EXISTING_ID = Pattern.compile("id=([A-Za-z0-9_-]+)");

    private final String existingId;
    private final boolean archived;

    public ConflictException(String message) {
        super(409, "conflict", message, null);
        Matcher m = EXISTING_ID.matcher(message == null ? "" : message);
        this.existingId = m.find() ? m.group(1) : null;
        this.archived = message != null && message.toLowerCase(java.util.Locale.ROOT).contains("archived");
    }

    /** The id of the contact that already exists, or null if Intercom did not say. */
    public String existingId() {
        return existingId;
    }

    /** Whether the existing contact is archived (it must be unarchived before it can be updated). */
    public boolean archived() {
        return archived;
    }
}
