package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a lenient sandbox would hide a client's bug: text lengths, email addresses, fields a request does not
 * take, whole numbers and timestamps (docs/sandbox.md). Each refusal is a 400 error.list and stores nothing.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SandboxLimitsTest {
    private Sandbox sandbox;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().rateLimit(0).start();
        http = new Http(sandbox);
        http.post("/data_attributes", "{\"name\":\"plan\",\"model\":\"contact\",\"data_type\":\"string\"}");
        http.post("/data_attributes", "{\"name\":\"renews_at\",\"model\":\"contact\",\"data_type\":\"date\"}");
        http.post("/data_attributes", "{\"name\":\"tier\",\"model\":\"company\",\"data_type\":\"string\"}");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Http.Res refused(Http.Res r, String code, String message, String field) {
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("type").asText()).isEqualTo("error.list");
        assertThat(r.json().path("errors")).hasSize(1);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorMessage()).isEqualTo(message);
        if (field != null) {
            assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
        }
        return r;
    }

    private static String json(String s) {
        return Http.MAPPER.valueToTree(s).toString();
    }

    @Test
    void a_text_value_of_more_than_255_characters_is_refused_and_nothing_is_stored() throws Exception {
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"name\":" + json("n".repeat(256)) + "}"),
                "parameter_invalid", "name is too long: 256 characters, at most 255", "name");
        refused(http.post("/contacts", "{\"external_id\":" + json("e".repeat(300)) + "}"),
                "parameter_invalid", "external_id is too long: 300 characters, at most 255", "external_id");
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"custom_attributes\":{\"plan\":" + json("p".repeat(256)) + "}}"),
                "parameter_invalid", "custom_attributes.plan is too long: 256 characters, at most 255", "custom_attributes.plan");
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"website\":" + json("https://example.com/" + "w".repeat(236)) + "}"),
                "parameter_invalid", "website is too long: 256 characters, at most 255", "website");
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"custom_attributes\":{\"tier\":" + json("t".repeat(256)) + "}}"),
                "parameter_invalid", "custom_attributes.tier is too long: 256 characters, at most 255", "custom_attributes.tier");
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(sandbox.companies()).isEmpty();
    }

    @Test
    void a_ten_megabyte_name_is_refused_without_being_echoed() throws Exception {
        Http.Res r = http.post("/contacts", "{\"external_id\":\"u1\",\"name\":" + json("x".repeat(10_000_000)) + "}");
        refused(r, "parameter_invalid", "name is too long: 10000000 characters, at most 255", "name");
        assertThat(r.raw().length()).isLessThan(400);
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void the_limit_counts_characters_not_utf16_units_and_255_of_them_are_stored_whole() throws Exception {
        String name = "\uD83D\uDE00".repeat(255); // 255 emoji, 510 UTF-16 units
        Http.Res r = http.post("/contacts", "{\"external_id\":\"u1\",\"name\":" + json(name) + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(sandbox.contactByExternalId("u1").orElseThrow().path("name").asText()).isEqualTo(name);
        String id = r.json().path("id").asText();
        refused(http.put("/contacts/" + id, "{\"name\":" + json(name + "a") + "}"),
                "parameter_invalid", "name is too long: 256 characters, at most 255", "name");
        assertThat(sandbox.contactByExternalId("u1").orElseThrow().path("name").asText()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ada@localhost|the domain 'localhost' has no dot",
            "ada@example|the domain 'example' has no dot",
            "ada.example.com|it has no @",
            "ada@@example.com|it has more than one @",
            "@example.com|nothing is before or after the @",
            "ada@exa mple.com|the domain holds a space, which an address cannot",
            ".ada@example.com|the part before the @ starts or ends with a dot, or has two dots in a row",
            "ada..l@example.com|the part before the @ starts or ends with a dot, or has two dots in a row",
            "ada@example.com.|the domain starts or ends with a dot, or has two dots in a row",
            "ada@-example.com|a part of the domain starts or ends with a hyphen",
            "ada@1.2.3.4|the domain is an IP address, not a name",
            "ada@[1.2.3.4]|the domain holds '[', which an address cannot",
            "\"ada\"@example.com|the part before the @ holds '\"', which an address cannot",
            "ada(comment)@example.com|the part before the @ holds '(', which an address cannot",
    })
    void an_email_address_mail_could_not_reach_is_refused(String email, String why) throws Exception {
        refused(http.post("/contacts", "{\"email\":" + json(email) + "}"), "parameter_invalid",
                "Invalid email address '" + email + "': " + why, "email");
        assertThat(sandbox.contacts()).isEmpty();
    }

    @Test
    void an_email_longer_than_rfc_5321_allows_is_refused() throws Exception {
        refused(http.post("/contacts", "{\"email\":" + json("a".repeat(65) + "@example.com") + "}"), "parameter_invalid",
                "Invalid email address '" + Validation.clip("a".repeat(65) + "@example.com")
                        + "': the part before the @ is longer than 64 characters", "email");
        String longDomain = "a@" + ("d".repeat(60) + ".").repeat(4) + "com"; // 249 characters
        assertThat(http.post("/contacts", "{\"email\":" + json(longDomain) + "}").status()).isEqualTo(200);
        String tooLong = "a@" + ("d".repeat(62) + ".").repeat(4) + "com"; // 257 characters
        assertThat(http.post("/contacts", "{\"email\":" + json(tooLong) + "}").errorMessage()).endsWith("is too long: 257 characters, at most 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ada.Lovelace+tag@Example.COM", "o'brien@example.ie", "josé@correo.es", "用户@例子.广告",
            "a_b-c@sub.domain-name.co.uk", "x@a.io"})
    void ordinary_and_international_addresses_are_accepted(String email) throws Exception {
        Http.Res r = http.post("/contacts", "{\"email\":" + json(email) + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().path("email").asText()).isEqualTo(email);
    }

    @Test
    void an_update_checks_the_new_email_as_a_create_does() throws Exception {
        String id = http.post("/contacts", "{\"external_id\":\"u1\",\"email\":\"ada@example.com\"}").json().path("id").asText();
        refused(http.put("/contacts/" + id, "{\"email\":\"ada@localhost\"}"), "parameter_invalid",
                "Invalid email address 'ada@localhost': the domain 'localhost' has no dot", "email");
        assertThat(sandbox.contactByExternalId("u1").orElseThrow().path("email").asText()).isEqualTo("ada@example.com");
    }

    @Test
    void a_contact_field_the_request_does_not_take_is_refused_not_dropped() throws Exception {
        String accepted = "accepted fields are role, external_id, email, email_verified, phone, name, avatar, signed_up_at,"
                + " last_seen_at, owner_id, unsubscribed_from_emails, custom_attributes";
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"user_id\":\"u1\"}"), "parameter_invalid",
                "Unknown field 'user_id' in a contact; " + accepted, "user_id");
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"plan\":\"pro\"}"), "parameter_invalid",
                "Unknown field 'plan' in a contact; " + accepted, "plan");
        assertThat(sandbox.contacts()).isEmpty();
        String id = http.post("/contacts", "{\"external_id\":\"u1\"}").json().path("id").asText();
        refused(http.put("/contacts/" + id, "{\"companies\":[{\"company_id\":\"org1\"}]}"), "parameter_invalid",
                "Unknown field 'companies' in a contact; " + accepted, "companies");
        refused(http.put("/contacts/" + id, "{\"language_override\":\"fr\"}"), "parameter_invalid",
                "Unknown field 'language_override' in a contact; " + accepted, "language_override");
        assertThat(sandbox.contactByExternalId("u1").orElseThrow().path("language_override").isNull()).isTrue();
    }

    @Test
    void company_data_attribute_attach_and_merge_bodies_take_only_their_fields() throws Exception {
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"employees\":5}"), "parameter_invalid",
                "Unknown field 'employees' in a company; accepted fields are name, company_id, plan, size, website, industry,"
                        + " custom_attributes, remote_created_at, update_last_request_at, monthly_spend", "employees");
        assertThat(sandbox.companies()).isEmpty();
        refused(http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\",\"type\":\"x\"}"),
                "parameter_invalid", "Unknown field 'type' in a data attribute; accepted fields are name, model, data_type,"
                        + " description, messenger_writable, options", "type");
        refused(http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\",\"options\":[{\"value\":\"1\"},{\"value\":\"2\"}]}"),
                "parameter_invalid", "options are only for data_type options", "options");
        refused(http.post("/data_attributes", "{\"name\":\"seats\",\"model\":\"contact\",\"data_type\":\"integer\",\"messenger_writable\":\"yes\"}"),
                "parameter_invalid", "messenger_writable must be a boolean", "messenger_writable");
        assertThat(sandbox.dataAttributes("contact")).noneMatch(a -> a.path("name").asText().equals("seats"));
        String company = http.post("/companies", "{\"company_id\":\"org1\"}").json().path("id").asText();
        String contact = http.post("/contacts", "{\"external_id\":\"u1\"}").json().path("id").asText();
        refused(http.post("/contacts/" + contact + "/companies", "{\"id\":\"" + company + "\",\"company_id\":\"org1\"}"),
                "parameter_invalid", "Unknown field 'company_id' in attaching a company; accepted fields are id", "company_id");
        assertThat(sandbox.companyIdsOfContact(contact)).isEmpty();
        refused(http.post("/contacts/merge", "{\"from\":\"a\",\"into\":\"b\",\"force\":true}"),
                "parameter_invalid", "Unknown field 'force' in a merge; accepted fields are from, into", "force");
    }

    @Test
    void email_verified_is_taken_only_with_an_email() throws Exception {
        assertThat(http.post("/contacts", "{\"email\":\"ada@example.com\",\"email_verified\":true}").status()).isEqualTo(200);
        refused(http.post("/contacts", "{\"external_id\":\"u2\",\"email_verified\":true}"), "parameter_invalid",
                "email_verified must be sent together with an email", "email_verified");
        refused(http.post("/contacts", "{\"email\":\"bob@example.com\",\"email_verified\":\"yes\"}"), "parameter_invalid",
                "email_verified must be a boolean", "email_verified");
        assertThat(sandbox.contacts()).hasSize(1);
    }

    @Test
    void monthly_spend_with_a_fraction_is_refused_instead_of_truncated() throws Exception {
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"monthly_spend\":155.98}"), "parameter_invalid",
                "monthly_spend must be a whole number; Intercom would truncate 155.98 to 155", "monthly_spend");
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"monthly_spend\":2147483648}"), "parameter_invalid",
                "monthly_spend is out of range: 2147483648, at most 2147483647 and at least -2147483648", "monthly_spend");
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"monthly_spend\":\"155\"}"), "parameter_invalid",
                "monthly_spend must be a whole number", "monthly_spend");
        assertThat(sandbox.companies()).isEmpty();
        Http.Res ok = http.post("/companies", "{\"company_id\":\"org1\",\"monthly_spend\":2147483647,\"size\":40}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        JsonNode stored = sandbox.companies().get(0);
        assertThat(stored.path("monthly_spend").asLong()).isEqualTo(2147483647L);
        assertThat(stored.path("size").asLong()).isEqualTo(40);
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"size\":12.5}"), "parameter_invalid",
                "size must be a whole number; Intercom would truncate 12.5 to 12", "size");
        assertThat(sandbox.companies().get(0).path("size").asLong()).isEqualTo(40);
    }

    @Test
    void timestamps_run_from_1970_to_year_9999() throws Exception {
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"signed_up_at\":-1}"), "parameter_invalid",
                "signed_up_at must be a unix timestamp in seconds (0 to 253402300799)", "signed_up_at");
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"last_seen_at\":1700000000000}"), "parameter_invalid",
                "last_seen_at must be a unix timestamp in seconds (0 to 253402300799)", "last_seen_at");
        refused(http.post("/companies", "{\"company_id\":\"org1\",\"remote_created_at\":1.5}"), "parameter_invalid",
                "remote_created_at must be a unix timestamp in seconds (0 to 253402300799)", "remote_created_at");
        refused(http.post("/contacts", "{\"external_id\":\"u1\",\"custom_attributes\":{\"renews_at\":-5}}"), "type_mismatch",
                "Custom attribute 'renews_at' expects a value of type date (unix timestamp in seconds, 0 to 253402300799), got -5",
                "custom_attributes.renews_at");
        assertThat(sandbox.contacts()).isEmpty();
        assertThat(http.post("/contacts", "{\"external_id\":\"u1\",\"signed_up_at\":0,\"custom_attributes\":{\"renews_at\":253402300799}}")
                .status()).isEqualTo(200);
    }
}
