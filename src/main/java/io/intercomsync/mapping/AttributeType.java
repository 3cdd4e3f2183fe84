package io.intercomsync.mapping;

import java.util.Locale;

/** The declared type of a custom attribute, as Intercom's data_attributes know it. */
public enum AttributeType {
  STRING,
  INTEGER,
  FLOAT,
  BOOLEAN,
  DATE;

  private static final String VALID = "string, integer, float, boolean, date";

  /**
   * Case-insensitive; surrounding blanks ignored.
   *
   * @throws MappingException for null or an unknown name, listing the valid ones
   */
  public static AttributeType parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MappingException("no type given; use one of " + VALID);
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "string": return STRING;
      case "integer": return INTEGER;
      case "float": return FLOAT;
      case "boolean": return BOOLEAN;
      case "date": return DATE;
      default:
        throw new MappingException("unknown type '" + text.trim() + "'; use one of " + VALID);
    }
  }

  /** The {@code data_type} Intercom uses for this type: string, integer, float, boolean, date. */
  public String intercomDataType() {
    return name().toLowerCase(Locale.ROOT);
  }
}
