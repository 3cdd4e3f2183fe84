package io.intercomsync.mapping;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One CSV row as Intercom payloads.
 *
 * @param key what identifies the contact
 * @param contact the exact JSON body for {@code POST /contacts} or {@code PUT /contacts/{id}}: role,
 *     standard fields, custom_attributes (omitted when empty); never {@code id}
 * @param company the row's company, when the mapping has one and the row names it
 * @param tags the tag names of the row's tag column (contact.tags.column), without the file's own
 */
public record MappedRow(ContactKey key, Map<String, Object> contact, Optional<CompanyPayload> company, List<String> tags) {
  public MappedRow(ContactKey key, Map<String, Object> contact, Optional<CompanyPayload> company) {
    this(key, contact, company, List.of());
  }

  public MappedRow {
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
    Objects.requireNonNull(key, "key");
    contact = Collections.unmodifiableMap(Objects.requireNonNull(contact, "contact"));
    Objects.requireNonNull(company, "company");
  }
}
