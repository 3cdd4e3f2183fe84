package io.intercomsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MappingLoaderTest {

  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(MappingLoaderTest.class.getResource("/mapping/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes yaml as mapping.yaml in the temp dir and returns that path, relative names kept short. */
  Path yaml(String text) throws IOException {
    Path p = dir.resolve("mapping.yaml");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  String refusal(String text) throws IOException {
    Path p = yaml(text);
    try {
      MappingLoader.load(p);
    } catch (MappingException e) {
      assertThat(e.getMessage()).startsWith(p + ": ").doesNotContain("\n").doesNotContain("Exception");
      return e.getMessage().substring(p.toString().length() + 2);
    }
    throw new AssertionError("expected the mapping to be refused:\n" + text);
  }

  @Test
  void the_sample_mapping_loads_in_file_order() {
    Mapping m = MappingLoader.load(resource("sample.yaml"));

    assertThat(m.role()).isEqualTo(ContactRole.USER);
    assertThat(m.standard()).containsExactly(
        entry("external_id", "Customer ID"), entry("email", "E-mail"), entry("name", "Full name"),
        entry("signed_up_at", "Signed up"), entry("unsubscribed_from_emails", "Opted out"));
    assertThat(m.custom()).containsExactly(
        new CustomAttribute("plan", "Plan", AttributeType.STRING),
        new CustomAttribute("seats", "Seats", AttributeType.INTEGER),
        new CustomAttribute("score", "Score", AttributeType.FLOAT),
        new CustomAttribute("trial", "Trial", AttributeType.BOOLEAN),
        new CustomAttribute("renews_at", "Renews", AttributeType.DATE));
    assertThat(m.company()).isPresent();
    assertThat(m.company().get().standard())
        .containsExactly(entry("company_id", "Org ID"), entry("name", "Org name"), entry("monthly_spend", "MRR"));
    assertThat(m.company().get().custom()).containsExactly(new CustomAttribute("tier", "Tier", AttributeType.STRING));
  }

  @Test
  void seed_era_names_load_as_their_2x_equivalents() {
    Mapping m = MappingLoader.load(resource("seed-era.yaml"));

    assertThat(m.role()).isEqualTo(ContactRole.LEAD);
    assertThat(m.standard()).containsExactly(
        entry("external_id", "uid"), entry("last_seen_at", "Last visit"), entry("email", "mail"));
  }

  @Test
  void role_defaults_to_user_and_sections_may_be_empty() throws IOException {
    Mapping m = MappingLoader.load(yaml("contact:\n  standard:\n    email: mail\n  custom:\ncompany:\n"));

    assertThat(m.role()).isEqualTo(ContactRole.USER);
    assertThat(m.custom()).isEmpty();
    assertThat(m.company()).isEmpty();
  }

  @Test
  void unquoted_column_names_that_yaml_would_read_as_numbers_or_booleans_stay_as_written() throws IOException {
    Mapping m = MappingLoader.load(yaml(
        "contact:\n  standard:\n    email: Yes\n    name: 0123\n    phone: 1.50\n  custom:\n"
            + "    a: { column: 2024, type: integer }\n    b: { column: 'null', type: string }\n"));

    assertThat(m.standard()).containsExactly(entry("email", "Yes"), entry("name", "0123"), entry("phone", "1.50"));
    assertThat(m.custom()).extracting(CustomAttribute::column).containsExactly("2024", "null");
  }

  @Test
  void an_unknown_custom_attribute_type_is_refused_listing_the_valid_ones() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: E-mail\n  custom:\n    seats: { column: Seats, type: int }\n"))
        .isEqualTo("contact.custom.seats: unknown type 'int'; use one of string, integer, float, boolean, date");
  }

  @Test
  void a_custom_attribute_without_type_or_column_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: E\n  custom:\n    seats: { column: Seats }\n"))
        .isEqualTo("contact.custom.seats: no type given; use one of string, integer, float, boolean, date");
    assertThat(refusal("contact:\n  standard:\n    email: E\n  custom:\n    seats: { type: integer }\n"))
        .isEqualTo("contact.custom.seats.column: no CSV column given");
    assertThat(refusal("contact:\n  standard:\n    email: E\n  custom:\n    seats: Seats\n"))
        .isEqualTo("contact.custom.seats: expected { column: <CSV column>, type: <type> }");
    assertThat(refusal("contact:\n  standard:\n    email: E\n  custom:\n    seats: { colum: Seats, type: integer }\n"))
        .isEqualTo("contact.custom.seats.colum: unknown key; use column, type");
  }

  @Test
  void an_unknown_standard_field_is_refused_listing_the_valid_ones() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: E\n    emial: F\n"))
        .isEqualTo("contact.standard.emial: unknown contact field 'emial'; use one of id, role, external_id, email,"
            + " email_verified, phone, name, avatar, signed_up_at, last_seen_at, owner_id, unsubscribed_from_emails"
            + " (or user_id, last_request_at)");
    assertThat(refusal("contact:\n  standard:\n    email: E\ncompany:\n  standard:\n    company_id: C\n    revenue: R\n"))
        .isEqualTo("company.standard.revenue: unknown company field 'revenue'; use one of company_id, name, plan, size,"
            + " website, industry, monthly_spend, remote_created_at");
  }

  @ParameterizedTest
  @ValueSource(strings = {"last_seen_ip", "last_seen_user_agent", "update_last_request_at", "new_session"})
  void seed_era_names_without_a_2x_equivalent_are_refused_saying_so(String name) throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: E\n    " + name + ": X\n"))
        .isEqualTo("contact.standard." + name + ": '" + name
            + "' is an API 1.x field with no equivalent in API 2.x; remove it");
  }

  @Test
  void a_field_mapped_under_both_its_alias_and_its_2x_name_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    external_id: A\n    user_id: B\n"))
        .isEqualTo("contact.standard.user_id: maps external_id, which contact.standard.external_id already maps; keep one");
  }

  @Test
  void a_key_written_twice_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: A\n    email: B\n"))
        .isEqualTo("contact.standard.email: the key appears twice; keep one");
  }

  @Test
  void a_contact_without_id_external_id_or_email_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    name: Name\n"))
        .isEqualTo("contact.standard: maps none of id, external_id (user_id) and email; each row needs one to match a contact");
    assertThat(refusal("contact:\n  role: lead\n"))
        .startsWith("contact.standard: maps none of id");
  }

  @Test
  void email_verified_without_email_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    external_id: A\n    email_verified: V\n"))
        .isEqualTo("contact.standard.email_verified: needs email mapped too; Intercom takes email_verified only with an email");
  }

  @Test
  void a_company_section_without_company_id_is_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: E\ncompany:\n  standard:\n    name: Org\n"))
        .isEqualTo("company.standard: company_id is required when there is a company section");
  }

  @Test
  void an_unknown_role_is_refused() throws IOException {
    assertThat(refusal("contact:\n  role: admin\n  standard:\n    email: E\n"))
        .isEqualTo("contact.role: unknown role 'admin'; use user or lead");
  }

  @Test
  void misspelt_sections_and_missing_columns_are_refused() throws IOException {
    assertThat(refusal("contacts:\n  standard:\n    email: E\n")).isEqualTo("contacts: unknown key; use contact, company");
    assertThat(refusal("company:\n  standard:\n    company_id: C\n")).isEqualTo("the 'contact' section is missing");
    assertThat(refusal("contact:\n  standard:\n    email:\n")).isEqualTo("contact.standard.email: no CSV column given");
    assertThat(refusal("contact:\n  standard:\n    email: '  '\n")).isEqualTo("contact.standard.email: no CSV column given");
    assertThat(refusal("contact:\n  standard:\n    email: [a, b]\n"))
        .isEqualTo("contact.standard.email: expected a CSV column name, found a list");
    assertThat(refusal("contact:\n  standards:\n    email: E\n")).isEqualTo("contact.standards: unknown key; use role, standard, custom, tags");
    assertThat(refusal("- contact\n")).isEqualTo("expected the mapping of keys, found a list");
  }

  @Test
  void an_empty_file_and_broken_yaml_are_refused_with_one_line() throws IOException {
    assertThat(refusal("")).isEqualTo("the file is empty; it needs a 'contact' section");
    assertThat(refusal("contact:\n  standard:\n    email: E\n   name: [\n")).startsWith("invalid YAML at line ");
  }

  @Test
  void a_missing_file_is_refused_naming_it() {
    Path p = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> MappingLoader.load(p)).isInstanceOf(MappingException.class).hasMessage(p + ": no such file");
  }

  @Test
  void without_a_mapping_file_columns_named_like_contact_fields_map_to_themselves() {
    Mapping m = MappingLoader.defaultFor(List.of("\uFEFFemail", "name", "Plan", " phone ", "signed_up_at", "", "id"));

    assertThat(m.role()).isEqualTo(ContactRole.USER);
    assertThat(m.standard()).containsExactly(
        entry("email", "email"), entry("name", "name"), entry("phone", "phone"), entry("signed_up_at", "signed_up_at"));
    assertThat(m.custom()).isEmpty();
    assertThat(m.company()).isEmpty();
    assertThat(MappingLoader.unmappedColumns(m, List.of("\uFEFFemail", "name", "Plan", " phone ", "signed_up_at", "", "id")))
        .containsExactly("Plan", "id");
  }

  @Test
  void without_a_mapping_file_seed_era_columns_map_unless_the_2x_column_is_there() {
    assertThat(MappingLoader.defaultFor(List.of("user_id", "last_request_at", "Email")).standard())
        .containsExactly(entry("external_id", "user_id"), entry("last_seen_at", "last_request_at"));
    Mapping both = MappingLoader.defaultFor(List.of("user_id", "external_id", "last_seen_ip"));
    assertThat(both.standard()).containsExactly(entry("external_id", "external_id"));
    assertThat(MappingLoader.unmappedColumns(both, List.of("user_id", "external_id", "last_seen_ip")))
        .containsExactly("user_id", "last_seen_ip");
  }

  @Test
  void without_a_mapping_file_a_header_naming_no_contact_is_refused() {
    assertThatThrownBy(() -> MappingLoader.defaultFor(List.of("Email", "Name")))
        .isInstanceOf(MappingException.class)
        .hasMessage("without a mapping file the CSV header needs an external_id, user_id or email column to match"
            + " contacts; it has 'Email', 'Name'");
  }

  @Test
  void unmapped_columns_are_listed_once_in_header_order() {
    Mapping m = MappingLoader.load(resource("sample.yaml"));
    List<String> header = List.of("Customer ID", "Notes", "E-mail", "Plan", "Org ID", "Tier", "Notes", "  ", "Extra");

    assertThat(MappingLoader.unmappedColumns(m, header)).containsExactly("Notes", "Extra");
  }

  @Test
  void unmapped_columns_compare_trimmed_names_for_mappings_built_in_code() {
    Mapping m = new Mapping(ContactRole.USER, java.util.Map.of("email", " Mail "),
        List.of(new CustomAttribute("plan", "Plan ", AttributeType.STRING)), java.util.Optional.empty());

    assertThat(MappingLoader.unmappedColumns(m, List.of("Mail", " Plan", "Other"))).containsExactly("Other");
  }
  @Test
  void tags_load_with_the_documented_placeholders_unquoted_in_a_flow_list() throws IOException {
    Mapping m = MappingLoader.load(yaml("\uFEFFcontact:\n  standard:\n    email: Mail\n  tags:\n    column: Segments\n"
        + "    separator: \"|\"\n    all: [csv-import-{date}, from {file}]\n"));

    assertThat(m.tags()).isEqualTo(new TagMapping("Segments", "|", List.of("csv-import-{date}", "from {file}")));
    assertThat(m.tags().allFor("users_1.csv", java.time.LocalDate.of(2026, 12, 3)))
        .containsExactly("csv-import-2026-12-03", "from users_1.csv");
    assertThat(m.tags().split(" VIP | vip ||Trial ")).containsExactly("VIP", "Trial");
    // a quoted cell may hold a line break: not part of a tag name (the ledger keeps one name a line)
    assertThat(m.tags().split("New\r\nSign-ups|Trial")).containsExactly("New  Sign-ups", "Trial");
  }

  @Test
  void tags_without_a_column_or_tags_for_all_or_with_other_placeholders_are_refused() throws IOException {
    assertThat(refusal("contact:\n  standard:\n    email: Mail\n  tags:\n    separator: \";\"\n"))
        .isEqualTo("contact.tags: names neither a column nor tags for all; give column, all, or both");
    assertThat(refusal("contact:\n  standard:\n    email: Mail\n  tags:\n    all: [\"import-{month}\"]\n"))
        .isEqualTo("contact.tags.all: 'import-{month}' has the placeholder {month}; only {file} and {date} are replaced");
    assertThat(refusal("contact:\n  standard:\n    email: Mail\n  tags:\n    colum: Segments\n"))
        .isEqualTo("contact.tags.colum: unknown key; use column, separator, all");
  }
}
