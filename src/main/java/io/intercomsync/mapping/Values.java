package io.intercomsync.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Cell conversion, strict: a value that does not convert is refused with a reason, it never becomes
 * 0, false or a string "NULL". Callers pass trimmed, non-empty cells. No regex, no allocation beyond
 * the result on the happy path.
 */
final class Values {
  private Values() {}

  /** 9999-12-31T23:59:59Z. */
  static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  static final String BOOLEAN_WORDS = "true, false, yes, no, 1, 0, y, n";

  /**
   * Characters (code points) Intercom keeps in one text value: documented for string custom
   * attributes, assumed for standard fields (docs/sandbox.md). A longer value fails its row here
   * instead of at Intercom.
   */
  static final int MAX_TEXT = 255;
  /** RFC 5321: at most 254 characters in an address, 64 before the @, 63 in a domain label. */
  static final int MAX_EMAIL = 254;
  static final int MAX_EMAIL_LOCAL = 64;
  static final int MAX_DOMAIN_LABEL = 63;

  /** A refused value; the caller adds the column. No stack trace: it is thrown per bad cell. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  static Object convert(Kind kind, String cell) throws Invalid {
    switch (kind) {
      case STRING: return string(cell);
      case EMAIL: return email(cell);
      case INTEGER: return integer(cell);
      case INTEGER32: return integer32(cell);
      case ADMIN_ID: return adminId(cell);
      case FLOAT: return floating(cell);
      case BOOLEAN: return bool(cell);
      case DATE: return date(cell);
      case ROLE: return role(cell);
      default: throw new AssertionError(kind);
    }
  }

  static String string(String s) throws Invalid {
    if (s.indexOf('\0') >= 0) {
      throw new Invalid(quote(s) + " contains a NUL character");
    }
    int length = s.codePointCount(0, s.length());
    if (length > MAX_TEXT) {
      throw new Invalid(quote(s) + " is " + length + " characters long; Intercom takes at most " + MAX_TEXT);
    }
    return s;
  }

  /**
   * An address mail can be delivered to, as Intercom wants one: one @, no whitespace; before the @
   * at most 64 characters of letters, digits and {@code !#$%&'*+-/=?^_`{|}~} in dot-separated
   * parts; after it a domain name of two or more dot-separated labels (so not "ada@localhost"),
   * each of letters, digits and inner hyphens, the last not all digits. Non-ASCII letters count as
   * letters (internationalised addresses).
   */
  static String email(String s) throws Invalid {
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          throw new Invalid(quote(s) + " is not an email address (more than one @)");
        }
        at = i;
      } else if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        throw new Invalid(quote(s) + " is not an email address (contains whitespace or a control character)");
      }
    }
    if (at < 0) {
      throw new Invalid(quote(s) + " is not an email address (no @)");
    }
    if (at == 0 || at == s.length() - 1) {
      throw new Invalid(quote(s) + " is not an email address (nothing before or after the @)");
    }
    if (s.codePointCount(0, s.length()) > MAX_EMAIL) {
      throw new Invalid(quote(s) + " is not an email address (longer than " + MAX_EMAIL + " characters)");
    }
    if (s.codePointCount(0, at) > MAX_EMAIL_LOCAL) {
      throw new Invalid(quote(s) + " is not an email address (more than " + MAX_EMAIL_LOCAL + " characters before the @)");
    }
    char previous = '.';
    for (int i = 0; i < at; ) {
      int c = s.codePointAt(i);
      if (c == '.' ? previous == '.' : !isLocalPartChar(c)) {
        throw new Invalid(quote(s) + " is not an email address ("
            + (c == '.' ? "a dot starts the part before the @ or follows another" : describe(c) + " is not allowed before the @") + ")");
      }
      previous = c == '.' ? '.' : 'x';
      i += Character.charCount(c);
    }
    if (previous == '.') {
      throw new Invalid(quote(s) + " is not an email address (a dot ends the part before the @)");
    }
    int labels = 0;
    int labelStart = at + 1;
    boolean lastAllDigits = true;
    for (int i = at + 1; i <= s.length(); ) {
      int c = i == s.length() ? '.' : s.codePointAt(i);
      if (c == '.') {
        int length = s.codePointCount(labelStart, i);
        if (length == 0) {
          throw new Invalid(quote(s) + " is not an email address (an empty part in the domain)");
        }
        if (length > MAX_DOMAIN_LABEL) {
          throw new Invalid(quote(s) + " is not an email address (a domain part longer than " + MAX_DOMAIN_LABEL + " characters)");
        }
        if (s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          throw new Invalid(quote(s) + " is not an email address (a domain part starts or ends with a hyphen)");
        }
        labels++;
        lastAllDigits = true;
        for (int j = labelStart; j < i; j++) {
          lastAllDigits &= isDigit(s.charAt(j));
        }
        labelStart = i + 1;
        i++;
        continue;
      }
      if (!isDomainChar(c)) {
        throw new Invalid(quote(s) + " is not an email address (" + describe(c) + " is not allowed in the domain)");
      }
      i += Character.charCount(c);
    }
    if (labels < 2) {
      throw new Invalid(quote(s) + " is not an email address (the domain has no dot)");
    }
    if (lastAllDigits) {
      throw new Invalid(quote(s) + " is not an email address (the domain is an IP address)");
    }
    return s;
  }

  private static boolean isLocalPartChar(int c) {
    return isAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || isInternational(c);
  }

  private static boolean isDomainChar(int c) {
    return isAsciiLetterOrDigit(c) || c == '-' || isInternational(c);
  }

  private static boolean isAsciiLetterOrDigit(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isInternational(int c) {
    return c > 127 && (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK);
  }

  private static String describe(int c) {
    return "'" + new String(Character.toChars(c)) + "'";
  }

  static long integer(String s) throws Invalid {
    int start = (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
    if (start == s.length()) {
      throw new Invalid(quote(s) + " is not an integer");
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new Invalid(quote(s) + " is not an integer" + integerHint(c));
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new Invalid(quote(s) + " is out of range for an integer (-9223372036854775808 to 9223372036854775807)");
    }
  }

  private static String integerHint(char c) {
    switch (c) {
      case '.': return " (it has a decimal point)";
      case ',': case '_': case '\'': case ' ': case '\u00a0': case '\u202f':
        return " (remove the digit grouping)";
      case 'e': case 'E': return " (scientific notation)";
      default: return "";
    }
  }

  static long integer32(String s) throws Invalid {
    long v = integer(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new Invalid(quote(s) + " is out of range (at most 2147483647)");
    }
    return v;
  }

  static String adminId(String s) throws Invalid {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new Invalid(quote(s) + " is not an admin id (digits only)");
      }
    }
    return s;
  }

  static double floating(String s) throws Invalid {
    // Grammar: [+-] digits [. digits] | [+-] . digits, then optional [eE][+-]digits. Checked by
    // hand because Double.parseDouble also takes NaN, Infinity, hex and a trailing d or f.
    int i = 0;
    int n = s.length();
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      i++;
    }
    int digits = 0;
    boolean nonZero = false;
    while (i < n && isDigit(s.charAt(i))) {
      nonZero |= s.charAt(i) != '0';
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        nonZero |= s.charAt(i) != '0';
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      throw new Invalid(quote(s) + " is not a number");
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        throw new Invalid(quote(s) + " is not a number");
      }
    }
    if (i != n) {
      throw new Invalid(quote(s) + " is not a number" + (s.charAt(i) == ',' ? " (use . for decimals, no digit grouping)" : ""));
    }
    double v = Double.parseDouble(s);
    if (Double.isInfinite(v)) {
      throw new Invalid(quote(s) + " is out of range for a float");
    }
    if (v == 0 && nonZero) {
      throw new Invalid(quote(s) + " is too small for a float (it would become 0)");
    }
    return v;
  }

  static boolean bool(String s) throws Invalid {
    switch (s.length()) {
      case 1:
        switch (s.charAt(0)) {
          case '1': case 'y': case 'Y': return true;
          case '0': case 'n': case 'N': return false;
          default: break;
        }
        break;
      case 2:
        if (s.equalsIgnoreCase("no")) {
          return false;
        }
        break;
      case 3:
        if (s.equalsIgnoreCase("yes")) {
          return true;
        }
        break;
      case 4:
        if (s.equalsIgnoreCase("true")) {
          return true;
        }
        break;
      case 5:
        if (s.equalsIgnoreCase("false")) {
          return false;
        }
        break;
      default:
        break;
    }
    throw new Invalid(quote(s) + " is not a boolean; use one of " + BOOLEAN_WORDS);
  }

  static String role(String s) throws Invalid {
    if (s.equalsIgnoreCase("user")) {
      return "user";
    }
    if (s.equalsIgnoreCase("lead")) {
      return "lead";
    }
    throw new Invalid(quote(s) + " is not a role; use user or lead");
  }

  /**
   * Unix seconds (digits), or ISO-8601: a date (midnight UTC), a date-time with Z or an offset, or
   * a local date-time taken as UTC; a space may stand for the T. Fractions of a second are dropped.
   */
  static long date(String s) throws Invalid {
    boolean allDigits = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        allDigits = false;
        break;
      }
    }
    if (allDigits) {
      if (s.length() >= 13 && s.length() <= 16) {
        throw new Invalid(quote(s) + " looks like unix milliseconds; give seconds (" + s.length() + " digits)");
      }
      if (s.length() > 12) {
        throw new Invalid(quote(s) + " is not a date (too many digits for unix seconds)");
      }
      long v = Long.parseLong(s);
      if (v > MAX_EPOCH_SECOND) {
        throw new Invalid(quote(s) + " is after year 9999");
      }
      return v;
    }
    if (s.charAt(0) == '-' && s.length() > 1 && allDigitsFrom(s, 1)) {
      throw new Invalid(quote(s) + " is before 1970; Intercom takes no negative timestamps");
    }
    long epoch;
    try {
      epoch = parseIso(s);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new Invalid(quote(s) + " is not a date; use unix seconds or ISO-8601 (2024-03-01, 2024-03-01T10:00:00Z)");
    }
    if (epoch < 0) {
      throw new Invalid(quote(s) + " is before 1970; Intercom takes no negative timestamps");
    }
    if (epoch > MAX_EPOCH_SECOND) {
      throw new Invalid(quote(s) + " is after year 9999");
    }
    return epoch;
  }

  private static long parseIso(String s) {
    long day = plainDate(s);
    if (day != NOT_PLAIN) {
      return day * 86_400L;
    }
    if (s.length() == 10 || (s.length() > 10 && s.charAt(0) == '+' && s.indexOf('T') < 0 && s.indexOf(' ') < 0)) {
      return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay() * 86_400L;
    }
    String t = s;
    int sep = s.indexOf(' ');
    if (sep > 0 && s.indexOf('T') < 0 && s.indexOf(' ', sep + 1) < 0) {
      t = s.substring(0, sep) + 'T' + s.substring(sep + 1);
    }
    char last = t.charAt(t.length() - 1);
    boolean hasZone = last == 'Z' || last == 'z' || hasOffset(t);
    if (hasZone) {
      return OffsetDateTime.parse(t.replace('z', 'Z'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toEpochSecond();
    }
    return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toEpochSecond(ZoneOffset.UTC);
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The epoch day of a valid yyyy-mm-dd in ASCII digits (most date columns), read without a
   * DateTimeFormatter: that was a seventh of an unchanged re-run's reader thread. NOT_PLAIN for
   * anything else, invalid days included, which ISO_LOCAL_DATE then reads or rejects as before.
   */
  private static long plainDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return NOT_PLAIN;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
      return NOT_PLAIN;
    }
    return LocalDate.of(year, month, day).toEpochDay();
  }

  /** The number in s[from, to) when those are all ASCII digits, else -1. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Ends in +hh:mm / -hh:mm (or +hh:mm:ss) after the time part. */
  private static boolean hasOffset(String t) {
    int tee = t.indexOf('T');
    if (tee < 0) {
      return false;
    }
    return t.indexOf('+', tee) > 0 || t.indexOf('-', tee) > 0;
  }

  private static boolean allDigitsFrom(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static final int QUOTE_MAX = 60;

  /** The value in single quotes for a message: cut to 60 characters, control characters escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTE_MAX) + 8).append('\'');
    int end = Math.min(s.length(), QUOTE_MAX);
    if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > QUOTE_MAX) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
