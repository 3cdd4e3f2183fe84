package io.intercomsync.mapping;

import java.util.Locale;

/**
 * What identifies a row's contact. Blank parts are normalised to null.
 *
 * @param id Intercom's contact id: when present the row updates that contact
 * @param externalId the contact's external_id (the 1.x user_id), case-sensitive
 * @param email as given in the row; compared lower-cased
 */
public record ContactKey(String id, String externalId, String email) {
  public ContactKey {
    id = blankToNull(id);
    externalId = blankToNull(externalId);
    email = blankToNull(email);
  }

  /**
   * The lookup key, in lookup order: {@code id:<id>}, else {@code external_id:<external_id>}, else
   * {@code email:<email lower-cased>}.
   *
   * @throws IllegalStateException if all three are absent (RowMapper never builds such a key)
   */
  public String dedupeKey() {
    if (id != null) {
      return "id:" + id;
    }
    if (externalId != null) {
      return "external_id:" + externalId;
    }
    if (email != null) {
      return "email:" + email.toLowerCase(Locale.ROOT);
    }
    throw new IllegalStateException("contact key has no id, external_id or email");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
