package io.intercomsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValuesTest {

  static Object ok(Kind kind, String cell) throws Values.Invalid {
    return Values.convert(kind, cell);
  }

  static String refused(Kind kind, String cell) {
    try {
      Object v = Values.convert(kind, cell);
      throw new AssertionError("expected " + cell + " to be refused as " + kind + ", got " + v);
    } catch (Values.Invalid e) {
      return e.getMessage();
    }
  }

  @Nested
  class Integers {
    @Test
    void plain_signed_and_boundary_values_convert_to_longs() throws Exception {
      assertThat(ok(Kind.INTEGER, "12")).isEqualTo(12L);
      assertThat(ok(Kind.INTEGER, "-12")).isEqualTo(-12L);
      assertThat(ok(Kind.INTEGER, "+12")).isEqualTo(12L);
      assertThat(ok(Kind.INTEGER, "007")).isEqualTo(7L);
      assertThat(ok(Kind.INTEGER, "0")).isEqualTo(0L);
      assertThat(ok(Kind.INTEGER, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
      assertThat(ok(Kind.INTEGER, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void overflow_by_one_is_refused_as_out_of_range() {
      assertThat(refused(Kind.INTEGER, "9223372036854775808")).startsWith("'9223372036854775808' is out of range");
      assertThat(refused(Kind.INTEGER, "-9223372036854775809")).contains("out of range");
      assertThat(refused(Kind.INTEGER, "1".repeat(500))).contains("out of range").contains("...");
    }

    @Test
    void decimals_are_refused_saying_they_have_a_decimal_point() {
      assertThat(refused(Kind.INTEGER, "1.0")).isEqualTo("'1.0' is not an integer (it has a decimal point)");
      assertThat(refused(Kind.INTEGER, "1.5")).isEqualTo("'1.5' is not an integer (it has a decimal point)");
    }

    @Test
    void digit_grouping_and_scientific_notation_are_refused_with_a_hint() {
      assertThat(refused(Kind.INTEGER, "1,000")).isEqualTo("'1,000' is not an integer (remove the digit grouping)");
      assertThat(refused(Kind.INTEGER, "1e3")).isEqualTo("'1e3' is not an integer (scientific notation)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"twelve", "12abc", "NaN", "Infinity", "-", "+", "--1", "0x10", "١٢", "１２", "12 "})
    void anything_else_is_not_an_integer(String cell) {
      assertThat(refused(Kind.INTEGER, cell)).startsWith("'" + cell + "' is not an integer");
    }

    @Test
    void monthly_spend_must_fit_in_32_bits() throws Exception {
      assertThat(ok(Kind.INTEGER32, "2147483647")).isEqualTo(2147483647L);
      assertThat(refused(Kind.INTEGER32, "2147483648")).isEqualTo("'2147483648' is out of range (at most 2147483647)");
    }

    @Test
    void an_admin_id_is_digits_kept_as_a_string() throws Exception {
      assertThat(ok(Kind.ADMIN_ID, "5712945")).isEqualTo("5712945");
      assertThat(refused(Kind.ADMIN_ID, "abc")).isEqualTo("'abc' is not an admin id (digits only)");
      assertThat(refused(Kind.ADMIN_ID, "-1")).isEqualTo("'-1' is not an admin id (digits only)");
    }
  }

  @Nested
  class Floats {
    @ParameterizedTest
    @CsvSource({"1.5,1.5", "-1.5,-1.5", "+2,2.0", "3,3.0", ".5,0.5", "5.,5.0", "1e3,1000.0", "1.25E-2,0.0125",
        "0,0.0", "0.000,0.0", "1.7976931348623157E308,1.7976931348623157E308"})
    void decimal_and_scientific_notation_convert_to_doubles(String cell, double expected) throws Exception {
      assertThat(ok(Kind.FLOAT, cell)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf", "1d", "1f", "0x1p3", "1e", "1e+", ".", "-",
        "1.2.3", "abc", "1 000"})
    void nan_infinity_and_java_only_syntax_are_not_numbers(String cell) {
      assertThat(refused(Kind.FLOAT, cell)).isEqualTo("'" + cell + "' is not a number");
    }

    @Test
    void a_comma_decimal_is_refused_with_a_hint() {
      assertThat(refused(Kind.FLOAT, "1,5")).isEqualTo("'1,5' is not a number (use . for decimals, no digit grouping)");
    }

    @Test
    void overflow_to_infinity_and_underflow_to_zero_are_refused() {
      assertThat(refused(Kind.FLOAT, "1e309")).isEqualTo("'1e309' is out of range for a float");
      assertThat(refused(Kind.FLOAT, "-1e99999999999")).contains("out of range");
      assertThat(refused(Kind.FLOAT, "1e-400")).isEqualTo("'1e-400' is too small for a float (it would become 0)");
    }
  }

  @Nested
  class Booleans {
    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "yes", "YES", "y", "Y", "1"})
    void true_words(String cell) throws Exception {
      assertThat(ok(Kind.BOOLEAN, cell)).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "no", "No", "n", "N", "0"})
    void false_words(String cell) throws Exception {
      assertThat(ok(Kind.BOOLEAN, cell)).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"t", "f", "on", "off", "2", "-1", "NULL", "truee", "yes please", "00"})
    void anything_else_is_refused_listing_the_accepted_words(String cell) {
      assertThat(refused(Kind.BOOLEAN, cell))
          .isEqualTo("'" + cell + "' is not a boolean; use one of true, false, yes, no, 1, 0, y, n");
    }
  }

  @Nested
  class Dates {
    @ParameterizedTest
    @CsvSource({
        "0,0",
        "1709251200,1709251200",
        "2024-03-01,1709251200",
        "2024-03-01T10:00:00Z,1709287200",
        "2024-03-01T10:00:00z,1709287200",
        "2024-03-01T10:00:00,1709287200",
        "2024-03-01 10:00:00,1709287200",
        "2024-03-01T10:00,1709287200",
        "2024-03-01T11:00:00+01:00,1709287200",
        "2024-03-01T05:00:00-05:00,1709287200",
        "2024-03-01T10:00:00.999Z,1709287200",
        "1970-01-01T00:00:00Z,0",
        "9999-12-31T23:59:59Z,253402300799",
        "253402300799,253402300799"})
    void unix_seconds_and_iso_8601_convert_to_unix_seconds(String cell, long expected) throws Exception {
      assertThat(ok(Kind.DATE, cell)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1709251200000", "1709251200123", "1709251200000000"})
    void unix_milliseconds_are_refused_with_a_hint(String cell) {
      assertThat(refused(Kind.DATE, cell)).startsWith("'" + cell + "' looks like unix milliseconds; give seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31", "1969-12-31T23:59:59Z", "1970-01-01T00:59:59+01:00", "-1", "0001-01-01"})
    void dates_before_1970_are_refused(String cell) {
      assertThat(refused(Kind.DATE, cell)).isEqualTo("'" + cell + "' is before 1970; Intercom takes no negative timestamps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01", "253402300800", "+10000-01-01T00:00:00Z"})
    void dates_after_year_9999_are_refused(String cell) {
      assertThat(refused(Kind.DATE, cell)).isEqualTo("'" + cell + "' is after year 9999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000-01-01", "2024-02-30", "2024-13-01", "01/03/2024", "March 1, 2024", "2024-03-01T25:00:00",
        "yesterday", "2024-03-01T10:00:00+0100", "1709251200.5", "12345678901234567890"})
    void unparsable_dates_are_refused_saying_what_is_accepted(String cell) {
      assertThat(refused(Kind.DATE, cell)).startsWith("'" + cell + "' is not a date");
    }

    @Test
    void every_yyyy_mm_dd_reads_as_iso_local_date_reads_it() {
      // the plain-date shortcut against the formatter it stands in for: the years around now and the odd
      // leap years, every month 0-13, every day 0-32 (invalid ones included), and non-digits in each place
      java.util.List<Integer> years = new java.util.ArrayList<>(java.util.List.of(0, 4, 100, 400, 1600, 1700, 1900, 2100, 2400, 9996, 9999));
      for (int year = 1965; year <= 2040; year++) {
        years.add(year);
      }
      for (int year : years) {
        for (int month = 0; month <= 13; month++) {
          for (int day = 0; day <= 32; day++) {
            String cell = String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", year, month, day);
            assertSameAsFormatter(cell);
          }
        }
      }
      for (String cell : new String[] {"2024-0a-01", "2024-01-0x", "20x4-01-01", "2024-1-015", "2024--1-01", "2024-01--1",
          "２０２４-01-01", "2024/01/01", "+024-01-01", "2024-01-01"}) {
        assertSameAsFormatter(cell);
      }
    }

    private void assertSameAsFormatter(String cell) {
      String expected;
      try {
        long epoch = java.time.LocalDate.parse(cell, java.time.format.DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay() * 86_400L;
        expected = epoch < 0 ? "'" + cell + "' is before 1970; Intercom takes no negative timestamps" : Long.toString(epoch);
      } catch (java.time.format.DateTimeParseException e) {
        expected = "'" + cell + "' is not a date; use unix seconds or ISO-8601 (2024-03-01, 2024-03-01T10:00:00Z)";
      }
      String actual;
      try {
        actual = Long.toString(Values.date(cell));
      } catch (Values.Invalid e) {
        actual = e.getMessage();
      }
      assertThat(actual).as(cell).isEqualTo(expected);
    }
  }

  @Nested
  class Strings_and_emails {
    @Test
    void strings_pass_as_they_are_including_formulas_up_to_255_characters() throws Exception {
      assertThat(ok(Kind.STRING, "=HYPERLINK(\"x\")")).isEqualTo("=HYPERLINK(\"x\")");
      String longest = "x".repeat(255);
      assertThat(ok(Kind.STRING, longest)).isEqualTo(longest);
      String emoji = "\uD83D\uDE00".repeat(255); // 255 characters in 510 UTF-16 units
      assertThat(ok(Kind.STRING, emoji)).isEqualTo(emoji);
      assertThat(ok(Kind.STRING, "NULL")).isEqualTo("NULL");
    }

    @Test
    void a_string_longer_than_intercom_keeps_is_refused_saying_how_long_it_is() {
      assertThat(refused(Kind.STRING, "x".repeat(256)))
          .isEqualTo("'" + "x".repeat(60) + "...' is 256 characters long; Intercom takes at most 255");
      assertThat(refused(Kind.STRING, "x".repeat(10 * 1024 * 1024))).endsWith("' is 10485760 characters long; Intercom takes at most 255");
    }

    @Test
    void a_nul_character_is_refused() {
      assertThat(refused(Kind.STRING, "a\0b")).isEqualTo("'a\\u0000b' contains a NUL character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "Ada.Lovelace+tag@Example.COM", "josé@correo.es", "用户@例子.广告",
        "o'brien@example.ie", "a_b-c@sub.domain-name.co.uk", "x@a.io"})
    void deliverable_addresses_are_emails_unicode_included(String cell) throws Exception {
      assertThat(ok(Kind.EMAIL, cell)).isEqualTo(cell);
    }

    @Test
    void malformed_emails_are_refused_with_the_reason() {
      assertThat(refused(Kind.EMAIL, "ada.example.com")).isEqualTo("'ada.example.com' is not an email address (no @)");
      assertThat(refused(Kind.EMAIL, "a@b@c")).isEqualTo("'a@b@c' is not an email address (more than one @)");
      assertThat(refused(Kind.EMAIL, "@example.com")).endsWith("(nothing before or after the @)");
      assertThat(refused(Kind.EMAIL, "ada@")).endsWith("(nothing before or after the @)");
      assertThat(refused(Kind.EMAIL, "ada @example.com")).endsWith("(contains whitespace or a control character)");
      assertThat(refused(Kind.EMAIL, "ada@exa\u00a0mple.com")).endsWith("(contains whitespace or a control character)");
      assertThat(refused(Kind.EMAIL, "ada@exa\tmple.com")).contains("\\u0009");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "ada@localhost|the domain has no dot",
        "a@b|the domain has no dot",
        ".ada@example.com|a dot starts the part before the @ or follows another",
        "ada..l@example.com|a dot starts the part before the @ or follows another",
        "ada.@example.com|a dot ends the part before the @",
        "ada@example..com|an empty part in the domain",
        "ada@example.com.|an empty part in the domain",
        "ada@.example.com|an empty part in the domain",
        "ada@-example.com|a domain part starts or ends with a hyphen",
        "ada@example-.com|a domain part starts or ends with a hyphen",
        "ada@1.2.3.4|the domain is an IP address",
        "ada@[1.2.3.4]|'[' is not allowed in the domain",
        "\"ada\"@example.com|'\"' is not allowed before the @",
        "ada(x)@example.com|'(' is not allowed before the @",
        "ada@exa_mple.com|'_' is not allowed in the domain",
    })
    void addresses_mail_could_not_reach_are_refused_with_the_reason(String cell, String why) {
      assertThat(refused(Kind.EMAIL, cell)).isEqualTo(Values.quote(cell) + " is not an email address (" + why + ")");
    }

    @Test
    void addresses_longer_than_rfc_5321_allows_are_refused() throws Exception {
      assertThat(refused(Kind.EMAIL, "a".repeat(65) + "@example.com")).endsWith("(more than 64 characters before the @)");
      assertThat(ok(Kind.EMAIL, "a".repeat(64) + "@example.com")).isNotNull();
      String domain = ("d".repeat(61) + ".").repeat(4) + "com"; // 251 characters
      assertThat(refused(Kind.EMAIL, "abc@" + domain)).endsWith("(longer than 254 characters)");
      assertThat(ok(Kind.EMAIL, "ab@" + domain)).isNotNull();
      assertThat(ok(Kind.EMAIL, "a@" + domain)).isNotNull();
      assertThat(refused(Kind.EMAIL, "a@" + "d".repeat(64) + ".com")).endsWith("(a domain part longer than 63 characters)");
    }

    @Test
    void roles_are_user_or_lead_in_any_case() throws Exception {
      assertThat(ok(Kind.ROLE, "LEAD")).isEqualTo("lead");
      assertThat(ok(Kind.ROLE, "User")).isEqualTo("user");
      assertThat(refused(Kind.ROLE, "admin")).isEqualTo("'admin' is not a role; use user or lead");
    }

    @Test
    void a_quoted_value_in_a_message_is_cut_to_sixty_characters() {
      assertThat(Values.quote("y".repeat(61))).isEqualTo("'" + "y".repeat(60) + "...'");
      assertThat(Values.quote("line\nbreak")).isEqualTo("'line\\u000abreak'");
    }
  }

  @Nested
  class Types_and_roles {
    @Test
    void attribute_types_parse_case_insensitively_and_name_their_intercom_data_type() {
      assertThat(AttributeType.parse(" Integer ")).isEqualTo(AttributeType.INTEGER);
      assertThat(AttributeType.parse("DATE").intercomDataType()).isEqualTo("date");
      assertThat(AttributeType.STRING.intercomDataType()).isEqualTo("string");
      assertThat(AttributeType.FLOAT.intercomDataType()).isEqualTo("float");
      assertThat(AttributeType.BOOLEAN.intercomDataType()).isEqualTo("boolean");
      assertThat(AttributeType.INTEGER.intercomDataType()).isEqualTo("integer");
    }

    @Test
    void an_unknown_attribute_type_is_refused_listing_the_valid_ones() {
      assertThatThrownBy(() -> AttributeType.parse("int"))
          .isInstanceOf(MappingException.class)
          .hasMessage("unknown type 'int'; use one of string, integer, float, boolean, date");
      assertThatThrownBy(() -> AttributeType.parse(null)).hasMessageStartingWith("no type given");
    }

    @Test
    void contact_roles_are_written_lower_case() {
      assertThat(ContactRole.USER.value()).isEqualTo("user");
      assertThat(ContactRole.parse("Lead")).isEqualTo(ContactRole.LEAD);
      assertThatThrownBy(() -> ContactRole.parse("visitor")).hasMessage("unknown role 'visitor'; use user or lead");
    }
  }
}
