package io.intercomsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Intercom's standard contact and company fields (API 2.16), their kinds and the 1.x names. */
final class Fields {
  private Fields() {}

  static final String ID = "id";
  static final String ROLE = "role";
  static final String EXTERNAL_ID = "external_id";
  static final String EMAIL = "email";
  static final String EMAIL_VERIFIED = "email_verified";
  static final String COMPANY_ID = "company_id";

  /** create_contact_request / update_contact_request, plus id (the contact's Intercom id). */
  static final Map<String, Kind> CONTACT;
  /** create_or_update_company_request (without the 1.x-style update_last_request_at flag). */
  static final Map<String, Kind> COMPANY;
  /** 1.x contact names with a 2.x equivalent. */
  static final Map<String, String> CONTACT_ALIASES = Map.of("user_id", EXTERNAL_ID, "last_request_at", "last_seen_at");
  /** 1.x contact names with no 2.x equivalent: refused. */
  static final Set<String> CONTACT_REFUSED =
      Set.of("last_seen_ip", "last_seen_user_agent", "update_last_request_at", "new_session");

  static {
    Map<String, Kind> c = new LinkedHashMap<>();
    c.put(ID, Kind.STRING);
    c.put(ROLE, Kind.ROLE);
    c.put(EXTERNAL_ID, Kind.STRING);
    c.put(EMAIL, Kind.EMAIL);
    c.put(EMAIL_VERIFIED, Kind.BOOLEAN);
    c.put("phone", Kind.STRING);
    c.put("name", Kind.STRING);
    c.put("avatar", Kind.STRING);
    c.put("signed_up_at", Kind.DATE);
    c.put("last_seen_at", Kind.DATE);
    c.put("owner_id", Kind.ADMIN_ID);
    c.put("unsubscribed_from_emails", Kind.BOOLEAN);
    CONTACT = Collections.unmodifiableMap(c);

    Map<String, Kind> co = new LinkedHashMap<>();
    co.put(COMPANY_ID, Kind.STRING);
    co.put("name", Kind.STRING);
    co.put("plan", Kind.STRING);
    co.put("size", Kind.INTEGER32);
    co.put("website", Kind.STRING);
    co.put("industry", Kind.STRING);
    co.put("monthly_spend", Kind.INTEGER32);
    co.put("remote_created_at", Kind.DATE);
    COMPANY = Collections.unmodifiableMap(co);
  }

  /**
   * The 2.x name of a contact field as written in a mapping.
   *
   * @param where e.g. "mapping.yaml: contact.standard.user_id" for the message
   * @throws MappingException for a refused 1.x name or an unknown field
   */
  static String contactField(String name, String where) {
    if (CONTACT.containsKey(name)) {
      return name;
    }
    String alias = CONTACT_ALIASES.get(name);
    if (alias != null) {
      return alias;
    }
    if (CONTACT_REFUSED.contains(name)) {
      throw new MappingException(where + ": '" + name + "' is an API 1.x field with no equivalent in API 2.x; remove it");
    }
    throw new MappingException(where + ": unknown contact field '" + name + "'; use one of "
        + String.join(", ", CONTACT.keySet()) + " (or user_id, last_request_at)");
  }

  /** @throws MappingException for an unknown company field */
  static String companyField(String name, String where) {
    if (COMPANY.containsKey(name)) {
      return name;
    }
    throw new MappingException(where + ": unknown company field '" + name + "'; use one of "
        + String.join(", ", COMPANY.keySet()));
  }
}
