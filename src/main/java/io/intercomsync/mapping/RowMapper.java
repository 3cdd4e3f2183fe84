package io.intercomsync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Turns the rows of one CSV file into Intercom payloads. Built once per file: the constructor checks
 * the mapping against the header and resolves every column to its index, so {@link #map} only reads
 * cells, converts them and fills the payload maps. Immutable and thread-safe.
 *
 * <p>Cells are trimmed; an empty cell is absent and its field is left out of the payload.
 */
public final class RowMapper {
  private static final String CUSTOM_ATTRIBUTES = "custom_attributes";

  /** A field fed from one column. */
  private static final class Slot {
    final String field;
    final String column;
    final int index;
    final Kind kind;

    Slot(String field, String column, int index, Kind kind) {
      this.field = field;
      this.column = column;
      this.index = index;
      this.kind = kind;
    }
  }

  private final int width;
  private final String defaultRole;
  private final Slot role;
  private final Slot id;
  private final Slot externalId;
  private final Slot email;
  private final Slot emailVerified;
  /** Standard contact fields sent in the body, role and id excepted, in mapping order. */
  private final Slot[] contactStandard;
  private final Slot[] contactCustom;
  private final int contactCapacity;
  private final Slot companyId;
  /** Company standard fields except company_id, in mapping order. */
  private final Slot[] companyStandard;
  private final Slot[] companyCustom;
  private final int companyCapacity;
  private final TagMapping tags;
  private final int tagColumn; // -1: none
  private final String identity;

  /**
   * @param mapping a mapping from {@link MappingLoader} or built in code (field names are checked
   *     here too, 1.x aliases accepted)
   * @param header the CSV header; names are trimmed and a byte-order mark before the first is dropped
   * @throws MappingException if a mapped column is missing from the header or appears in it more
   *     than once, or the mapping itself is invalid
   */
  public RowMapper(Mapping mapping, List<String> header) {
    this.width = header.size();
    this.defaultRole = mapping.role().value();
    Header h = new Header(header);

    Slot role = null;
    Slot id = null;
    Slot externalId = null;
    Slot email = null;
    Slot emailVerified = null;
    List<Slot> standard = new ArrayList<>();
    Set<String> fields = new HashSet<>();
    for (Map.Entry<String, String> e : mapping.standard().entrySet()) {
      String key = "contact.standard." + e.getKey();
      String field = Fields.contactField(e.getKey(), "mapping: " + key);
      if (!fields.add(field)) {
        throw new MappingException("mapping: " + key + ": maps " + field + " a second time; keep one");
      }
      Slot s = new Slot(field, e.getValue(), h.index(e.getValue(), key), Fields.CONTACT.get(field));
      switch (field) {
        case Fields.ROLE: role = s; break;
        case Fields.ID: id = s; break;
        default:
          standard.add(s);
          if (field.equals(Fields.EXTERNAL_ID)) {
            externalId = s;
          } else if (field.equals(Fields.EMAIL)) {
            email = s;
          } else if (field.equals(Fields.EMAIL_VERIFIED)) {
            emailVerified = s;
          }
      }
    }
    if (id == null && externalId == null && email == null) {
      throw new MappingException("mapping: contact.standard: maps none of id, external_id and email;"
          + " each row needs one to match a contact");
    }
    Slot[] contactCustom = customs(mapping.custom(), "contact.custom.", h);

    Slot companyId = null;
    List<Slot> coStandard = new ArrayList<>();
    Slot[] coCustom = new Slot[0];
    if (mapping.company().isPresent()) {
      CompanyMapping co = mapping.company().get();
      for (Map.Entry<String, String> e : co.standard().entrySet()) {
        String key = "company.standard." + e.getKey();
        String field = Fields.companyField(e.getKey(), "mapping: " + key);
        Slot s = new Slot(field, e.getValue(), h.index(e.getValue(), key), Fields.COMPANY.get(field));
        if (field.equals(Fields.COMPANY_ID)) {
          companyId = s;
        } else {
          coStandard.add(s);
        }
      }
      if (companyId == null) {
        throw new MappingException("mapping: company.standard: company_id is required when there is a company section");
      }
      coCustom = customs(co.custom(), "company.custom.", h);
    }
    this.tags = mapping.tags();
    this.tagColumn = tags.column() == null ? -1 : h.index(tags.column(), "contact.tags.column");
    h.check();

    this.role = role;
    this.id = id;
    this.externalId = externalId;
    this.email = email;
    this.emailVerified = emailVerified;
    this.contactStandard = standard.toArray(new Slot[0]);
    this.contactCustom = contactCustom;
    this.contactCapacity = capacity(this.contactStandard.length + 2);
    this.companyId = companyId;
    this.companyStandard = coStandard.toArray(new Slot[0]);
    this.companyCustom = coCustom;
    this.companyCapacity = capacity(this.companyStandard.length + 2);
    this.identity = describe();
  }

  /**
   * Everything a row's mapping depends on besides its values, each name prefixed with its length so that no
   * two mappers write the same text: the header's width, the default role, and each field with the index of
   * its column and its type (the column's name only reaches error messages).
   */
  private String describe() {
    StringBuilder b = new StringBuilder("width ").append(width);
    text(b.append(" role "), defaultRole);
    for (Slot s : new Slot[] {role, id}) {
      slot(b, s);
    }
    for (Slot[] group : new Slot[][] {contactStandard, contactCustom, {companyId}, companyStandard, companyCustom}) {
      b.append(" group ").append(group.length);
      for (Slot s : group) {
        slot(b, s);
      }
    }
    b.append(" tags ").append(tagColumn);
    text(b, tags.separator());
    b.append(' ').append(tags.all().size());
    for (String t : tags.all()) {
      text(b, t);
    }
    return b.toString();
  }

  private static void slot(StringBuilder b, Slot s) {
    if (s == null) {
      b.append(" -");
      return;
    }
    text(b.append(' '), s.field);
    b.append(' ').append(s.index).append(' ').append(s.kind);
  }

  private static void text(StringBuilder b, String t) {
    b.append(t == null ? -1 : t.length()).append(':').append(t == null ? "" : t);
  }

  private static Slot[] customs(List<CustomAttribute> attrs, String prefix, Header h) {
    Slot[] out = new Slot[attrs.size()];
    Set<String> names = new HashSet<>();
    for (int i = 0; i < out.length; i++) {
      CustomAttribute a = attrs.get(i);
      String key = prefix + a.name();
      if (a.name().isBlank()) {
        throw new MappingException("mapping: " + prefix + ": a custom attribute has a blank name");
      }
      if (!names.add(a.name())) {
        throw new MappingException("mapping: " + key + ": the custom attribute is mapped twice; keep one");
      }
      out[i] = new Slot(a.name(), a.column(), h.index(a.column(), key), Kind.of(a.type()));
    }
    return out;
  }

  private static int capacity(int entries) {
    return (int) (entries / 0.75f) + 1;
  }

  /**
   * Maps one row.
   *
   * @param values the row's cells, as many as the header has columns (null cells count as empty)
   * @throws RowMappingException for a row of the wrong length, a row with no id, external_id or
   *     email, or the first cell (in mapping order) whose value does not convert
   */
  public MappedRow map(List<String> values) {
    if (values.size() != width) {
      throw new RowMappingException(null, "row has " + values.size() + (values.size() == 1 ? " value" : " values") + ", header has " + width);
    }
    if (!(values instanceof RandomAccess)) {
      values = new ArrayList<>(values);
    }
    String idValue = id == null ? null : cell(values, id);
    String externalValue = externalId == null ? null : cell(values, externalId);
    String emailValue = email == null ? null : cell(values, email);
    if (idValue == null && externalValue == null && emailValue == null) {
      throw new RowMappingException(null, "row has no id, external_id or email to match a contact");
    }
    if (idValue != null) {
      idValue = (String) convert(id, idValue);
    }

    Map<String, Object> contact = new LinkedHashMap<>(contactCapacity);
    Object roleValue = defaultRole;
    if (role != null) {
      String c = cell(values, role);
      if (c != null) {
        roleValue = convert(role, c);
      }
    }
    contact.put(Fields.ROLE, roleValue);
    for (Slot s : contactStandard) {
      String c = cell(values, s);
      if (c != null) {
        contact.put(s.field, convert(s, c));
      }
    }
    if (emailVerified != null && emailValue == null && contact.containsKey(Fields.EMAIL_VERIFIED)) {
      throw new RowMappingException(emailVerified.column,
          "email_verified is set but the row has no email; Intercom takes it only with an email");
    }
    Map<String, Object> custom = customs(values, contactCustom);
    if (custom != null) {
      contact.put(CUSTOM_ATTRIBUTES, custom);
    }
    ContactKey key = new ContactKey(idValue, externalValue, emailValue);
    if (key.id() == null && key.externalId() == null && key.email() == null) {
      // cells of white space trim() keeps (U+3000, say): blank to the key all the same
      throw new RowMappingException(null, "row has no id, external_id or email to match a contact");
    }
    return new MappedRow(key, contact, company(values), tagColumn < 0 ? List.of() : tags.split(values.get(tagColumn)));
  }

  /**
   * What the rows' mapping depends on besides their values, as text (the mapping as it reads the header):
   * two mappers with the same identity map the same values to the same row.
   */
  public String identity() {
    return identity;
  }

  /** Whether rows may have a company (the mapping has one). */
  public boolean mapsCompanies() {
    return companyId != null;
  }

  /**
   * The contact key of a row that may not map (a value that does not convert), or null when the row does not
   * say whose it is (wrong length, no id, external_id or email): for telling which contacts a file has.
   */
  public String dedupeKeyOf(List<String> values) {
    if (values.size() != width) {
      return null;
    }
    if (!(values instanceof RandomAccess)) {
      values = new ArrayList<>(values);
    }
    ContactKey key = new ContactKey(id == null ? null : cell(values, id), externalId == null ? null : cell(values, externalId),
        email == null ? null : cell(values, email));
    return key.id() == null && key.externalId() == null && key.email() == null ? null : key.dedupeKey();
  }

  private Optional<CompanyPayload> company(List<String> values) {
    if (companyId == null) {
      return Optional.empty();
    }
    String cid = cell(values, companyId);
    if (cid == null) {
      for (Slot s : companyStandard) {
        if (cell(values, s) != null) {
          throw new RowMappingException(companyId.column, "the row has company values but no company_id");
        }
      }
      for (Slot s : companyCustom) {
        if (cell(values, s) != null) {
          throw new RowMappingException(companyId.column, "the row has company values but no company_id");
        }
      }
      return Optional.empty();
    }
    cid = (String) convert(companyId, cid);
    Map<String, Object> body = new LinkedHashMap<>(companyCapacity);
    body.put(Fields.COMPANY_ID, cid);
    for (Slot s : companyStandard) {
      String c = cell(values, s);
      if (c != null) {
        body.put(s.field, convert(s, c));
      }
    }
    Map<String, Object> custom = customs(values, companyCustom);
    if (custom != null) {
      body.put(CUSTOM_ATTRIBUTES, custom);
    }
    return Optional.of(new CompanyPayload(cid, body));
  }

  private static Map<String, Object> customs(List<String> values, Slot[] slots) {
    Map<String, Object> out = null;
    for (Slot s : slots) {
      String c = cell(values, s);
      if (c != null) {
        if (out == null) {
          out = new LinkedHashMap<>(capacity(slots.length));
        }
        out.put(s.field, convert(s, c));
      }
    }
    return out;
  }

  private static String cell(List<String> values, Slot s) {
    String v = values.get(s.index);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  private static Object convert(Slot s, String cell) {
    try {
      return Values.convert(s.kind, cell);
    } catch (Values.Invalid e) {
      throw new RowMappingException(s.column, e.getMessage());
    }
  }

  /** A header name as matched against the mapping: trimmed, and without a BOM on the first. */
  static String headerName(String raw, boolean first) {
    if (raw == null) {
      return "";
    }
    String s = raw;
    if (first && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
      s = s.substring(1);
    }
    return s.trim();
  }

  private static final int LIST_MAX = 40;

  /** "'a', 'b', 'c'" for messages, at most 40 names. */
  static String listColumns(List<String> header) {
    if (header.isEmpty()) {
      return "no columns";
    }
    StringBuilder b = new StringBuilder();
    int n = Math.min(header.size(), LIST_MAX);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(Values.quote(headerName(header.get(i), i == 0)));
    }
    if (header.size() > LIST_MAX) {
      b.append(" and ").append(header.size() - LIST_MAX).append(" more");
    }
    return b.toString();
  }

  /** Column lookup for the constructor, collecting every problem before reporting. */
  private static final class Header {
    private final List<String> raw;
    private final Map<String, Integer> first = new HashMap<>();
    private final Map<String, List<Integer>> positions = new HashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();
    private final Map<String, String> duplicated = new LinkedHashMap<>();

    Header(List<String> header) {
      this.raw = header;
      for (int i = 0; i < header.size(); i++) {
        String name = headerName(header.get(i), i == 0);
        first.putIfAbsent(name, i);
        positions.computeIfAbsent(name, k -> new ArrayList<>(1)).add(i + 1);
      }
    }

    int index(String column, String key) {
      String name = column == null ? "" : column.trim();
      Integer i = name.isEmpty() ? null : first.get(name);
      if (i == null) {
        missing.merge(name, key, (a, b) -> a + ", " + b);
        return -1;
      }
      if (positions.get(name).size() > 1) {
        duplicated.merge(name, key, (a, b) -> a + ", " + b);
      }
      return i;
    }

    void check() {
      if (!missing.isEmpty()) {
        StringBuilder b = new StringBuilder("the CSV header lacks mapped column");
        b.append(missing.size() > 1 ? "s " : " ");
        appendAll(b, missing, null);
        b.append("; it has ").append(listColumns(raw));
        throw new MappingException(b.toString());
      }
      if (!duplicated.isEmpty()) {
        StringBuilder b = new StringBuilder("the CSV header repeats mapped column");
        b.append(duplicated.size() > 1 ? "s " : " ");
        appendAll(b, duplicated, positions);
        b.append("; rename the copies so each mapped column appears once");
        throw new MappingException(b.toString());
      }
    }

    private static void appendAll(StringBuilder b, Map<String, String> cols, Map<String, List<Integer>> at) {
      boolean firstOne = true;
      for (Map.Entry<String, String> e : cols.entrySet()) {
        if (!firstOne) {
          b.append(", ");
        }
        firstOne = false;
        b.append(Values.quote(e.getKey())).append(" (");
        if (at != null) {
          b.append("at positions ").append(at.get(e.getKey())).append(", ");
        }
        b.append(e.getValue()).append(')');
      }
    }
  }
}
