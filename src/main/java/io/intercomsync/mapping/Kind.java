package io.intercomsync.mapping;

/** How a cell converts: one per standard field type and per custom attribute type. */
enum Kind {
  /** Text without NUL characters, at most 255 characters. */
  STRING,
  /** An address mail can reach: see {@link Values#email}. */
  EMAIL,
  /** 64-bit signed integer. */
  INTEGER,
  /** 32-bit signed integer (company monthly_spend: Intercom caps it at 2^31-1; size alike). */
  INTEGER32,
  /** An admin id: digits, sent as a JSON string as the spec's create/update contact request says. */
  ADMIN_ID,
  /** Finite double. */
  FLOAT,
  /** true/false/yes/no/1/0/y/n. */
  BOOLEAN,
  /** Unix seconds or ISO-8601, sent as unix seconds from 1970 to year 9999. */
  DATE,
  /** user or lead. */
  ROLE;

  static Kind of(AttributeType type) {
    switch (type) {
      case STRING: return STRING;
      case INTEGER: return INTEGER;
      case FLOAT: return FLOAT;
      case BOOLEAN: return BOOLEAN;
      case DATE: return DATE;
      default: throw new AssertionError(type);
    }
  }
}
