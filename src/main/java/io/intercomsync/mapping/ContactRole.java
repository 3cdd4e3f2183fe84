package io.intercomsync.mapping;

import java.util.Locale;

/** A contact's role in Intercom 2.x. */
public enum ContactRole {
  USER("user"),
  LEAD("lead");

  private final String value;

  ContactRole(String value) {
    this.value = value;
  }

  /** As Intercom writes it: "user" or "lead". */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * Case-insensitive; surrounding blanks ignored.
   *
   * @throws MappingException for anything but user or lead
   */
  public static ContactRole parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "user": return USER;
      case "lead": return LEAD;
      default:
        throw new MappingException("unknown role '" + (text == null ? "" : text.trim()) + "'; use user or lead");
    }
  }
}
