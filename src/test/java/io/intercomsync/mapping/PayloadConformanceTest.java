package io.intercomsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The bodies RowMapper builds, checked against Intercom's own OpenAPI description (2.16). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PayloadConformanceTest {

  static OpenApiInteractionValidator validator;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void loadSpec() {
    // The 2.16 description has a few defects elsewhere (ticket schemas, reporting paths) that make
    // the validator's own loader give up; parse it directly and hand over the model.
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    OpenAPI api = new OpenAPIV3Parser()
        .read(PayloadConformanceTest.class.getResource("/openapi/api.intercom.io.yaml").toString(), null, options);
    validator = OpenApiInteractionValidator.createFor(api).build();
  }

  static List<String> problems(Request.Method method, String path, Object body) throws Exception {
    Request request = new SimpleRequest.Builder(method, path)
        .withContentType("application/json")
        .withHeader("Authorization", "Bearer test-token")
        .withHeader("Intercom-Version", "2.16")
        .withBody(JSON.writeValueAsString(body))
        .build();
    ValidationReport report = validator.validateRequest(request);
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        // Only the body is ours. (The validator reads the Intercom-Version header "2.16" as the
        // number 2.16 and then misses it in the spec's string enum: a validator quirk, not a defect.)
        .filter(m -> m.getKey().startsWith("validation.request.body"))
        .map(m -> m.getKey() + ": " + m.getMessage())
        .collect(Collectors.toList());
  }

  MappedRow fullRow() {
    List<String> header = List.of("id", "external_id", "email", "email_verified", "phone", "name", "avatar",
        "signed_up_at", "last_seen_at", "owner_id", "unsubscribed_from_emails", "role", "seats");
    Mapping m = new Mapping(ContactRole.USER, RowMapperTest.linked(
        "external_id", "external_id", "email", "email", "email_verified", "email_verified", "phone", "phone",
        "name", "name", "avatar", "avatar", "signed_up_at", "signed_up_at", "last_seen_at", "last_seen_at",
        "owner_id", "owner_id", "unsubscribed_from_emails", "unsubscribed_from_emails", "role", "role", "id", "id"),
        List.of(new CustomAttribute("seats", "seats", AttributeType.INTEGER)), java.util.Optional.empty());
    return new RowMapper(m, header).map(List.of("65f0c0ffee", "X-1", "ada@example.com", "yes", "+353871234567", "Ada",
        "https://example.com/a.png", "2024-03-01", "1709287200", "321", "no", "lead", "12"));
  }

  @Test
  void a_contact_body_with_every_standard_field_is_a_valid_create_contact_request() throws Exception {
    assertThat(problems(Request.Method.POST, "/contacts", fullRow().contact())).isEmpty();
  }

  @Test
  void the_same_body_is_a_valid_update_contact_request() throws Exception {
    MappedRow r = fullRow();
    assertThat(problems(Request.Method.PUT, "/contacts/" + r.key().id(), r.contact())).isEmpty();
  }

  @Test
  void a_company_body_with_every_standard_field_is_a_valid_create_or_update_company_request() throws Exception {
    List<String> header = List.of("company_id", "name", "plan", "size", "website", "industry", "monthly_spend",
        "remote_created_at", "email");
    Mapping m = new Mapping(ContactRole.USER, RowMapperTest.linked("email", "email"), List.of(),
        java.util.Optional.of(new CompanyMapping(RowMapperTest.linked("company_id", "company_id", "name", "name",
            "plan", "plan", "size", "size", "website", "website", "industry", "industry", "monthly_spend", "monthly_spend",
            "remote_created_at", "remote_created_at"), List.of(new CustomAttribute("tier", "plan", AttributeType.STRING)))));
    MappedRow r = new RowMapper(m, header).map(List.of("ORG-1", "Engines", "Enterprise", "100", "https://example.com",
        "Manufacturing", "1000", "2024-03-01", "a@b.c"));

    assertThat(problems(Request.Method.POST, "/companies", r.company().get().body())).isEmpty();
  }

  @Test
  void the_check_has_teeth_an_owner_id_sent_as_a_number_is_refused() throws Exception {
    assertThat(problems(Request.Method.POST, "/contacts",
        java.util.Map.of("role", "user", "email", "a@b.c", "owner_id", 321)))
        .isNotEmpty();
    assertThat(problems(Request.Method.POST, "/contacts",
        java.util.Map.of("role", "user", "email", "a@b.c", "owner_id", "321")))
        .isEmpty();
  }

  @Test
  void typed_company_custom_attributes_go_against_the_specs_string_only_schema_on_purpose() throws Exception {
    // create_or_update_company_request says custom_attributes values are strings, while its own
    // example and Intercom's behaviour (INTERCOM.md: a value of the wrong JSON type fails) want the
    // attribute's type. We send typed values; a sandbox conformance check must allow them here.
    Mapping m = new Mapping(ContactRole.USER, RowMapperTest.linked("email", "email"), List.of(),
        java.util.Optional.of(new CompanyMapping(RowMapperTest.linked("company_id", "company_id"),
            List.of(new CustomAttribute("seats", "seats", AttributeType.INTEGER)))));
    MappedRow r = new RowMapper(m, List.of("email", "company_id", "seats")).map(List.of("a@b.c", "ORG-1", "9"));

    assertThat(JSON.writeValueAsString(r.company().get().body()))
        .isEqualTo("{\"company_id\":\"ORG-1\",\"custom_attributes\":{\"seats\":9}}");
    assertThat(problems(Request.Method.POST, "/companies", r.company().get().body()))
        .singleElement().asString().contains("custom_attributes").contains("string");
  }
}
