package io.intercomsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The company of a row.
 *
 * @param standard Intercom company field (2.x name) to CSV column, in mapping-file order
 * @param custom company custom attributes, in mapping-file order
 */
public record CompanyMapping(Map<String, String> standard, List<CustomAttribute> custom) {
  public CompanyMapping {
    standard = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(standard, "standard")));
    custom = List.copyOf(Objects.requireNonNull(custom, "custom"));
  }
}
