package io.intercomsync.mapping;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A company to create or update with {@code POST /companies}.
 *
 * @param companyId your company_id (also in the body)
 * @param body the exact JSON body: company_id, standard fields, custom_attributes (when any)
 */
public record CompanyPayload(String companyId, Map<String, Object> body) {
  public CompanyPayload {
    Objects.requireNonNull(companyId, "companyId");
    body = Collections.unmodifiableMap(Objects.requireNonNull(body, "body"));
  }
}
