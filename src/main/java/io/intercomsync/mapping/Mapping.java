package io.intercomsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How CSV columns become an Intercom contact (and optionally its company).
 *
 * @param role the role of every row whose own role cell (standard field {@code role}) is absent
 * @param standard Intercom contact field (2.x name; {@link MappingLoader} resolves the 1.x aliases)
 *     to CSV column, in mapping-file order. {@code id} is the Intercom id: it keys the row and is
 *     never sent in a body.
 * @param custom contact custom attributes, in mapping-file order
 * @param company the company of each row, if the mapping has one
 * @param tags the tags each contact gets ({@link TagMapping#NONE}: none)
 */
public record Mapping(
    ContactRole role,
    Map<String, String> standard,
    List<CustomAttribute> custom,
    Optional<CompanyMapping> company,
    TagMapping tags) {
  public Mapping(ContactRole role, Map<String, String> standard, List<CustomAttribute> custom, Optional<CompanyMapping> company) {
    this(role, standard, custom, company, TagMapping.NONE);
  }

  public Mapping {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tags, "tags");
    standard = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(standard, "standard")));
    custom = List.copyOf(Objects.requireNonNull(custom, "custom"));
    Objects.requireNonNull(company, "company");
  }
}
