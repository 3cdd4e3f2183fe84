package io.intercomsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RowMapperTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> HEADER = List.of(
      "Customer ID", "E-mail", "Full name", "Signed up", "Opted out",
      "Plan", "Seats", "Score", "Trial", "Renews", "Org ID", "Org name", "MRR", "Tier", "Notes");

  static final Mapping SAMPLE = MappingLoader.load(MappingLoaderTest.resource("sample.yaml"));

  static List<String> row(String... values) {
    return Arrays.asList(values);
  }

  /** A full sample row with cell i replaced. */
  static List<String> sampleRowWith(int i, String value) {
    List<String> r = Arrays.asList("C-1", "ada@example.com", "Ada Lovelace", "2024-03-01", "no",
        "pro", "12", "4.5", "yes", "1709251200", "ORG-1", "Analytical Engines", "1500", "gold", "=SUM(A1)");
    r.set(i, value);
    return r;
  }

  static String json(Object o) throws Exception {
    return JSON.writeValueAsString(o);
  }

  static RowMappingException failure(RowMapper mapper, List<String> row) {
    try {
      mapper.map(row);
    } catch (RowMappingException e) {
      return e;
    }
    throw new AssertionError("expected the row to fail: " + row);
  }

  @Test
  void a_full_row_becomes_the_exact_contact_and_company_bodies() throws Exception {
    MappedRow r = new RowMapper(SAMPLE, HEADER).map(sampleRowWith(0, " C-1 "));

    assertThat(json(r.contact())).isEqualTo("{\"role\":\"user\",\"external_id\":\"C-1\",\"email\":\"ada@example.com\","
        + "\"name\":\"Ada Lovelace\",\"signed_up_at\":1709251200,\"unsubscribed_from_emails\":false,"
        + "\"custom_attributes\":{\"plan\":\"pro\",\"seats\":12,\"score\":4.5,\"trial\":true,\"renews_at\":1709251200}}");
    assertThat(r.company()).isPresent();
    assertThat(r.company().get().companyId()).isEqualTo("ORG-1");
    assertThat(json(r.company().get().body())).isEqualTo(
        "{\"company_id\":\"ORG-1\",\"name\":\"Analytical Engines\",\"monthly_spend\":1500,\"custom_attributes\":{\"tier\":\"gold\"}}");
    assertThat(r.key()).isEqualTo(new ContactKey(null, "C-1", "ada@example.com"));
  }

  @Test
  void empty_and_blank_cells_are_left_out_never_sent_as_null_zero_or_false() throws Exception {
    RowMapper mapper = new RowMapper(SAMPLE, HEADER);
    List<String> r = row("", "ada@example.com", "  ", "", null, "", "", "", "", "", "", "", "", "", "");

    MappedRow m = mapper.map(r);

    assertThat(json(m.contact())).isEqualTo("{\"role\":\"user\",\"email\":\"ada@example.com\"}");
    assertThat(m.company()).isEmpty();
  }

  @Test
  void the_custom_attributes_object_is_omitted_when_no_custom_cell_has_a_value() throws Exception {
    MappedRow m = new RowMapper(SAMPLE, HEADER)
        .map(row("C-1", "", "", "", "", "", "", "", "", "", "ORG-1", "", "", "", ""));

    assertThat(json(m.contact())).isEqualTo("{\"role\":\"user\",\"external_id\":\"C-1\"}");
    assertThat(json(m.company().get().body())).isEqualTo("{\"company_id\":\"ORG-1\"}");
  }

  @Test
  void a_formula_like_cell_is_sent_as_it_is() throws Exception {
    Mapping m = new Mapping(ContactRole.USER, Map.of("email", "e", "name", "n"), List.of(), Optional.empty());

    MappedRow r = new RowMapper(m, List.of("e", "n")).map(row("a@b.c", "=cmd|' /C calc'!A0"));

    assertThat(r.contact()).containsEntry("name", "=cmd|' /C calc'!A0");
  }

  @Test
  void a_value_that_does_not_convert_fails_the_row_naming_the_column() {
    RowMapper mapper = new RowMapper(SAMPLE, HEADER);

    RowMappingException e = failure(mapper, sampleRowWith(6, "twelve"));
    assertThat(e.column()).isEqualTo("Seats");
    assertThat(e.getMessage()).isEqualTo("column 'Seats': 'twelve' is not an integer");
    assertThat(e.reason()).isEqualTo("'twelve' is not an integer");
    assertThat(e.getStackTrace()).isEmpty();

    assertThat(failure(mapper, sampleRowWith(7, "NaN")).getMessage()).isEqualTo("column 'Score': 'NaN' is not a number");
    assertThat(failure(mapper, sampleRowWith(8, "maybe")).getMessage())
        .isEqualTo("column 'Trial': 'maybe' is not a boolean; use one of true, false, yes, no, 1, 0, y, n");
    assertThat(failure(mapper, sampleRowWith(9, "1709251200000")).getMessage())
        .startsWith("column 'Renews': '1709251200000' looks like unix milliseconds");
    assertThat(failure(mapper, sampleRowWith(3, "1969-07-20")).getMessage())
        .isEqualTo("column 'Signed up': '1969-07-20' is before 1970; Intercom takes no negative timestamps");
    assertThat(failure(mapper, sampleRowWith(4, "NULL")).column()).isEqualTo("Opted out");
    assertThat(failure(mapper, sampleRowWith(1, "ada at example.com")).getMessage())
        .isEqualTo("column 'E-mail': 'ada at example.com' is not an email address (contains whitespace or a control character)");
    assertThat(failure(mapper, sampleRowWith(12, "2147483648")).getMessage())
        .isEqualTo("column 'MRR': '2147483648' is out of range (at most 2147483647)");
  }

  @Test
  void a_row_of_the_wrong_length_fails_as_a_whole() {
    RowMapper mapper = new RowMapper(SAMPLE, HEADER);

    RowMappingException e = failure(mapper, row("C-1", "a@b.c"));

    assertThat(e.column()).isNull();
    assertThat(e.getMessage()).isEqualTo("row has 2 values, header has 15");
  }

  @Test
  void a_row_with_no_id_external_id_or_email_fails() {
    List<String> r = sampleRowWith(0, "");
    r.set(1, " ");

    RowMappingException e = failure(new RowMapper(SAMPLE, HEADER), r);

    assertThat(e.column()).isNull();
    assertThat(e.getMessage()).isEqualTo("row has no id, external_id or email to match a contact");
  }

  @Test
  void company_values_without_a_company_id_fail_the_row() {
    RowMappingException e = failure(new RowMapper(SAMPLE, HEADER), sampleRowWith(10, ""));

    assertThat(e.column()).isEqualTo("Org ID");
    assertThat(e.getMessage()).isEqualTo("column 'Org ID': the row has company values but no company_id");
  }

  @Test
  void a_mapped_intercom_id_keys_the_row_but_never_enters_the_body() throws Exception {
    Mapping m = new Mapping(ContactRole.LEAD, linked("id", "Intercom ID", "email", "Mail", "role", "Kind"),
        List.of(), Optional.empty());
    RowMapper mapper = new RowMapper(m, List.of("Intercom ID", "Mail", "Kind"));

    MappedRow r = mapper.map(row("65f0c0ffee", "Ada@Example.com", ""));
    assertThat(json(r.contact())).isEqualTo("{\"role\":\"lead\",\"email\":\"Ada@Example.com\"}");
    assertThat(r.key().dedupeKey()).isEqualTo("id:65f0c0ffee");

    assertThat(mapper.map(row("", "Ada@Example.com", "USER")).contact()).containsEntry("role", "user");
    assertThat(failure(mapper, row("", "a@b.c", "admin")).getMessage())
        .isEqualTo("column 'Kind': 'admin' is not a role; use user or lead");
  }

  @Test
  void the_dedupe_key_prefers_intercom_id_then_external_id_then_lower_cased_email() {
    assertThat(new ContactKey("abc", "X-1", "A@B.C").dedupeKey()).isEqualTo("id:abc");
    assertThat(new ContactKey(null, "X-1", "A@B.C").dedupeKey()).isEqualTo("external_id:X-1");
    assertThat(new ContactKey(" ", "", "Ada@Example.COM").dedupeKey()).isEqualTo("email:ada@example.com");
    assertThatThrownBy(() -> new ContactKey(null, " ", null).dedupeKey()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void owner_id_is_validated_as_digits_and_sent_as_the_string_the_spec_asks_for() throws Exception {
    Mapping m = new Mapping(ContactRole.USER, linked("email", "e", "owner_id", "o", "last_seen_at", "l"), List.of(),
        Optional.empty());

    MappedRow r = new RowMapper(m, List.of("e", "o", "l")).map(row("a@b.c", "5712945", "2024-03-01T10:00:00+00:00"));

    assertThat(json(r.contact())).isEqualTo("{\"role\":\"user\",\"email\":\"a@b.c\",\"owner_id\":\"5712945\",\"last_seen_at\":1709287200}");
  }

  @Test
  void email_verified_needs_an_email_in_the_same_row() {
    Mapping m = new Mapping(ContactRole.USER, linked("external_id", "x", "email", "e", "email_verified", "v"), List.of(),
        Optional.empty());
    RowMapper mapper = new RowMapper(m, List.of("x", "e", "v"));

    assertThat(mapper.map(row("X", "a@b.c", "yes")).contact()).containsEntry("email_verified", true);
    assertThat(failure(mapper, row("X", "", "yes")).getMessage())
        .isEqualTo("column 'v': email_verified is set but the row has no email; Intercom takes it only with an email");
  }

  @Test
  void company_size_remote_created_at_and_custom_types_are_typed() throws Exception {
    Mapping m = new Mapping(ContactRole.USER, Map.of("email", "e"), List.of(),
        Optional.of(new CompanyMapping(linked("company_id", "c", "size", "s", "remote_created_at", "r", "website", "w"),
            List.of(new CustomAttribute("paid", "p", AttributeType.BOOLEAN), new CustomAttribute("ratio", "q", AttributeType.FLOAT)))));

    MappedRow r = new RowMapper(m, List.of("e", "c", "s", "r", "w", "p", "q"))
        .map(row("a@b.c", "42", "2147483647", "2024-03-01", "https://x.io", "1", "1e3"));

    assertThat(json(r.company().get().body())).isEqualTo("{\"company_id\":\"42\",\"size\":2147483647,"
        + "\"remote_created_at\":1709251200,\"website\":\"https://x.io\",\"custom_attributes\":{\"paid\":true,\"ratio\":1000.0}}");
  }

  @Test
  void columns_are_found_by_trimmed_name_and_a_leading_bom_is_ignored() throws Exception {
    Mapping m = new Mapping(ContactRole.USER, linked("email", "Mail", "name", "Name"), List.of(), Optional.empty());

    MappedRow r = new RowMapper(m, List.of("\uFEFFMail", "  Name ")).map(new LinkedList<>(row("a@b.c", "Ada")));

    assertThat(r.contact()).containsEntry("email", "a@b.c").containsEntry("name", "Ada");
  }

  @Test
  void missing_mapped_columns_are_refused_naming_each_and_listing_the_header() {
    assertThatThrownBy(() -> new RowMapper(SAMPLE, List.of("Customer ID", "Mail", "Plan")))
        .isInstanceOf(MappingException.class)
        .hasMessage("the CSV header lacks mapped columns 'E-mail' (contact.standard.email), 'Full name' (contact.standard.name),"
            + " 'Signed up' (contact.standard.signed_up_at), 'Opted out' (contact.standard.unsubscribed_from_emails),"
            + " 'Seats' (contact.custom.seats), 'Score' (contact.custom.score), 'Trial' (contact.custom.trial),"
            + " 'Renews' (contact.custom.renews_at), 'Org ID' (company.standard.company_id),"
            + " 'Org name' (company.standard.name), 'MRR' (company.standard.monthly_spend), 'Tier' (company.custom.tier);"
            + " it has 'Customer ID', 'Mail', 'Plan'");
  }

  @Test
  void a_mapped_column_that_appears_twice_in_the_header_is_refused_but_unmapped_repeats_and_blanks_are_fine() {
    Mapping m = new Mapping(ContactRole.USER, linked("email", "Mail", "external_id", "Mail"), List.of(), Optional.empty());

    assertThatThrownBy(() -> new RowMapper(m, List.of("Mail", "x", "Mail")))
        .isInstanceOf(MappingException.class)
        .hasMessage("the CSV header repeats mapped column 'Mail' (at positions [1, 3], contact.standard.email,"
            + " contact.standard.external_id); rename the copies so each mapped column appears once");
    RowMapper ok = new RowMapper(m, List.of("Mail", "x", "x", "", " "));
    assertThat(ok.map(row("a@b.c", "1", "2", "3", "4")).key().dedupeKey()).isEqualTo("external_id:a@b.c");
  }

  @Test
  void a_mapping_built_in_code_is_checked_like_a_file() {
    assertThatThrownBy(() -> new RowMapper(new Mapping(ContactRole.USER, Map.of("last_seen_ip", "ip", "email", "e"),
        List.of(), Optional.empty()), List.of("ip", "e")))
        .hasMessage("mapping: contact.standard.last_seen_ip: 'last_seen_ip' is an API 1.x field with no equivalent in API 2.x; remove it");
    assertThatThrownBy(() -> new RowMapper(new Mapping(ContactRole.USER, Map.of("name", "n"), List.of(), Optional.empty()),
        List.of("n")))
        .hasMessageStartingWith("mapping: contact.standard: maps none of id, external_id and email");
    assertThatThrownBy(() -> new RowMapper(new Mapping(ContactRole.USER, Map.of("email", "e"), List.of(),
        Optional.of(new CompanyMapping(Map.of("name", "n"), List.of()))), List.of("e", "n")))
        .hasMessage("mapping: company.standard: company_id is required when there is a company section");
    Mapping aliases = new Mapping(ContactRole.USER, linked("user_id", "u", "last_request_at", "l"), List.of(), Optional.empty());
    assertThat(new RowMapper(aliases, List.of("u", "l")).map(row("U1", "5")).contact())
        .containsEntry("external_id", "U1").containsEntry("last_seen_at", 5L);
  }

  @Test
  void the_default_mapping_maps_a_plain_header() throws Exception {
    List<String> header = List.of("user_id", "email", "name", "unsubscribed_from_emails", "Plan");
    RowMapper mapper = new RowMapper(MappingLoader.defaultFor(header), header);

    MappedRow r = mapper.map(row("u-1", "用户@例子.广告", "Ada", "TRUE", "pro"));

    assertThat(json(r.contact())).isEqualTo(
        "{\"role\":\"user\",\"external_id\":\"u-1\",\"email\":\"用户@例子.广告\",\"name\":\"Ada\",\"unsubscribed_from_emails\":true}");
  }

  static Map<String, String> linked(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
