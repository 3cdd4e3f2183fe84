package io.intercomsync.sync;

import io.intercomsync.intercom.ConflictException;
import io.intercomsync.intercom.ContactMergedException;
import io.intercomsync.intercom.IntercomClient;
import io.intercomsync.intercom.NotFoundException;
import io.intercomsync.intercom.RateLimitedException;
import io.intercomsync.intercom.RetryableException;
import io.intercomsync.mapping.ContactKey;

import java.util.Map;

/**
 * Create-or-update of one contact, spending as few calls as Intercom allows: a row that names an
 * Intercom id is a single PUT; any other row is a single POST when the contact is new, and a POST
 * answered 409 (which names the existing contact) plus a PUT when it is not. Search is never used to
 * look contacts up, so Intercom's search lag cannot cause duplicates.
 */
public final class ContactWriter {
    private final IntercomClient client;

    public ContactWriter(IntercomClient client) {
        this.client = client;
    }

    /**
     * The outcome, the Intercom id of the contact the row ended up in, and its updated_at after the write
     * (null when nothing was written or Intercom did not say).
     */
    public record Written(Outcome outcome, String contactId, Long updatedAt) {
        Written(Outcome outcome, IntercomClient.WrittenContact c) {
            this(outcome, c.id(), c.updatedAt());
        }

        static Written skipped(String existingId) {
            return new Written(Outcome.SKIPPED, existingId, null);
        }
    }

    /**
     * @param knownId an Intercom id for this contact (from the row or from earlier runs), or null
     * @param createSentBefore an earlier attempt of this row sent a POST that may have landed
     *                         (5xx, timeout): a 409 now is that create, not an existing contact
     * @param beforeCreate called when a create failed in a way that may still have applied it (not on
     *                     a 429, which Intercom answers without applying anything)
     */
    public Written write(ContactKey key, Map<String, Object> body, String knownId, boolean createSentBefore,
                         Runnable beforeCreate) {
        return write(key, body, knownId, createSentBefore, beforeCreate, true, true);
    }

    /**
     * The same, under the import rules: with {@code mayCreate} false a contact Intercom does not have is
     * not created, with {@code mayUpdate} false one it has (a 409 to our create) is left as it is; both
     * end as {@link Outcome#SKIPPED} (with the existing contact's id when Intercom named it, else null).
     */
    public Written write(ContactKey key, Map<String, Object> body, String knownId, boolean createSentBefore,
                         Runnable beforeCreate, boolean mayCreate, boolean mayUpdate) {
        String id = key.id() != null ? key.id() : knownId;
        if (id != null) {
            try {
                return new Written(Outcome.UPDATED, client.updateContact(id, body));
            } catch (NotFoundException e) {
                if (key.id() != null || (key.externalId() == null && key.email() == null)) {
                    throw e; // the row itself named this id: nothing else to match on
                }
                // Deleted in Intercom since we learnt its id: create it again below.
                if (!mayCreate) {
                    return Written.skipped(null);
                }
            } catch (ContactMergedException e) {
                if (key.id() != null) {
                    throw e;
                }
                if (e.survivorId() != null) {
                    // Merged in Intercom since we learnt its id: the survivor is the contact now.
                    return new Written(Outcome.UPDATED, client.updateContact(e.survivorId(), body));
                }
                if (key.externalId() == null && key.email() == null) {
                    throw e;
                }
                // No survivor named: the create below finds it (409) by external_id or email.
            }
        }
        if (!mayCreate) {
            return Written.skipped(null);
        }
        try {
            return new Written(Outcome.CREATED, client.createContact(body));
        } catch (RateLimitedException refused) {
            throw refused; // a 429 is answered before the request is looked at: this create did not land
        } catch (RetryableException mayHaveLanded) {
            beforeCreate.run(); // 5xx, timeout, dropped or empty answer: the create may have been applied
            throw mayHaveLanded;
        } catch (ConflictException conflict) {
            String existing = conflict.existingId();
            if (existing == null) {
                throw conflict;
            }
            if (!mayUpdate && !createSentBefore) {
                return Written.skipped(existing);
            }
            if (conflict.archived()) {
                client.unarchiveContact(existing);
            }
            return new Written(createSentBefore ? Outcome.CREATED : Outcome.UPDATED, client.updateContact(existing, body));
        }
    }
}
