package io.intercomsync.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the mapping file (DESIGN.md, "Mapping file"), or derives a mapping from a CSV header when
 * there is none. Every problem is a {@link MappingException} naming the file, the key and the
 * problem in one sentence.
 */
public final class MappingLoader {
  private MappingLoader() {}

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  /** Marks a key written with no value ({@code key:} or {@code key: ~}). */
  private static final Object NULL = new Object();

  /**
   * Parses a mapping file.
   *
   * <p>Scalars are read as their source text, so an unquoted column named {@code 2024}, {@code 0123}
   * or {@code Yes} stays that text. Keys may appear once per section. Standard field names may be
   * the 1.x aliases {@code user_id} and {@code last_request_at}; the returned mapping holds 2.x names.
   *
   * @throws MappingException if the file cannot be read or is not a valid mapping
   */
  public static Mapping load(Path yamlFile) {
    String file = yamlFile.toString();
    if (Files.isDirectory(yamlFile)) {
      throw new MappingException(file + ": is a directory, not a mapping file");
    }
    Object root;
    try (InputStream in = Files.newInputStream(yamlFile);
        JsonParser p = YAML.createParser(hidePlaceholders(in))) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MappingException(file + ": the file is empty; it needs a 'contact' section");
      }
      root = read(p, file, "");
    } catch (NoSuchFileException e) {
      throw new MappingException(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new MappingException(file + ": invalid YAML" + yamlProblem(e));
    } catch (IOException e) {
      throw new MappingException(file + ": cannot read the file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
    }
    return build(root, file);
  }

  private static Mapping build(Object root, String file) {
    Map<String, Object> top = section(root, file, "", "the mapping");
    checkKeys(top, file, "", Set.of("contact", "company"), "contact, company");
    if (!top.containsKey("contact") || top.get("contact") == NULL) {
      throw new MappingException(file + ": the 'contact' section is missing");
    }
    Map<String, Object> contact = section(top.get("contact"), file, "contact", "a section");
    checkKeys(contact, file, "contact.", Set.of("role", "standard", "custom", "tags"), "role, standard, custom, tags");

    ContactRole role = ContactRole.USER;
    if (contact.containsKey("role") && contact.get("role") != NULL) {
      Object r = contact.get("role");
      if (!(r instanceof String)) {
        throw new MappingException(file + ": contact.role: expected user or lead");
      }
      try {
        role = ContactRole.parse((String) r);
      } catch (MappingException e) {
        throw new MappingException(file + ": contact.role: " + e.getMessage());
      }
    }

    Map<String, String> standard = new LinkedHashMap<>();
    Map<String, String> writtenAs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : optionalSection(contact.get("standard"), file, "contact.standard").entrySet()) {
      String key = "contact.standard." + e.getKey();
      String field = Fields.contactField(e.getKey(), file + ": " + key);
      String column = column(e.getValue(), file, key);
      String previous = writtenAs.putIfAbsent(field, e.getKey());
      if (previous != null) {
        throw new MappingException(file + ": " + key + ": maps " + field
            + ", which contact.standard." + previous + " already maps; keep one");
      }
      standard.put(field, column);
    }
    if (!standard.containsKey(Fields.ID) && !standard.containsKey(Fields.EXTERNAL_ID) && !standard.containsKey(Fields.EMAIL)) {
      throw new MappingException(file + ": contact.standard: maps none of id, external_id (user_id) and email;"
          + " each row needs one to match a contact");
    }
    if (standard.containsKey(Fields.EMAIL_VERIFIED) && !standard.containsKey(Fields.EMAIL)) {
      throw new MappingException(file + ": contact.standard.email_verified: needs email mapped too;"
          + " Intercom takes email_verified only with an email");
    }
    List<CustomAttribute> custom = customs(contact.get("custom"), file, "contact.custom");

    Optional<CompanyMapping> company = Optional.empty();
    if (top.containsKey("company") && top.get("company") != NULL) {
      Map<String, Object> co = section(top.get("company"), file, "company", "a section");
      checkKeys(co, file, "company.", Set.of("standard", "custom"), "standard, custom");
      Map<String, String> coStandard = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : optionalSection(co.get("standard"), file, "company.standard").entrySet()) {
        String key = "company.standard." + e.getKey();
        coStandard.put(Fields.companyField(e.getKey(), file + ": " + key), column(e.getValue(), file, key));
      }
      if (!coStandard.containsKey(Fields.COMPANY_ID)) {
        throw new MappingException(file + ": company.standard: company_id is required when there is a company section");
      }
      company = Optional.of(new CompanyMapping(coStandard, customs(co.get("custom"), file, "company.custom")));
    }
    return new Mapping(role, standard, custom, company, tags(contact.get("tags"), file));
  }

  private static TagMapping tags(Object node, String file) {
    Map<String, Object> t = optionalSection(node, file, "contact.tags");
    if (t.isEmpty()) {
      return TagMapping.NONE;
    }
    checkKeys(t, file, "contact.tags.", Set.of("column", "separator", "all"), "column, separator, all");
    String column = t.get("column") == null || t.get("column") == NULL ? null : column(t.get("column"), file, "contact.tags.column");
    String separator = ";";
    Object sep = t.get("separator");
    if (sep != null && sep != NULL) {
      if (!(sep instanceof String) || ((String) sep).isEmpty()) {
        throw new MappingException(file + ": contact.tags.separator: expected one or more characters, like \";\" or \"|\"");
      }
      separator = (String) sep;
    }
    List<String> all = new ArrayList<>();
    Object a = t.get("all");
    if (a instanceof String) {
      all.add(((String) a).trim());
    } else if (a instanceof List) {
      for (Object o : (List<?>) a) {
        if (!(o instanceof String) && !(o instanceof Number)) {
          throw new MappingException(file + ": contact.tags.all: expected a list of tag names");
        }
        all.add(o.toString().trim());
      }
    } else if (a != null && a != NULL) {
      throw new MappingException(file + ": contact.tags.all: expected a list of tag names, like [csv-import-{date}]");
    }
    if (column == null && all.isEmpty()) {
      throw new MappingException(file + ": contact.tags: names neither a column nor tags for all; give column, all, or both");
    }
    try {
      return new TagMapping(column, separator, all);
    } catch (MappingException e) {
      throw new MappingException(file + ": " + e.getMessage());
    }
  }

  private static List<CustomAttribute> customs(Object node, String file, String path) {
    List<CustomAttribute> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : optionalSection(node, file, path).entrySet()) {
      String key = path + "." + e.getKey();
      if (e.getKey().isBlank()) {
        throw new MappingException(file + ": " + path + ": a custom attribute has a blank name");
      }
      if (!(e.getValue() instanceof Map)) {
        throw new MappingException(file + ": " + key + ": expected { column: <CSV column>, type: <type> }");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> attr = (Map<String, Object>) e.getValue();
      checkKeys(attr, file, key + ".", Set.of("column", "type"), "column, type");
      String column = column(attr.get("column"), file, key + ".column");
      Object type = attr.get("type");
      if (type == null || type == NULL) {
        throw new MappingException(file + ": " + key + ": no type given; use one of string, integer, float, boolean, date");
      }
      if (!(type instanceof String)) {
        throw new MappingException(file + ": " + key + ".type: expected one of string, integer, float, boolean, date");
      }
      AttributeType t;
      try {
        t = AttributeType.parse((String) type);
      } catch (MappingException ex) {
        throw new MappingException(file + ": " + key + ": " + ex.getMessage());
      }
      out.add(new CustomAttribute(e.getKey(), column, t));
    }
    return out;
  }

  private static String column(Object value, String file, String key) {
    if (value == null || value == NULL) {
      throw new MappingException(file + ": " + key + ": no CSV column given");
    }
    if (!(value instanceof String)) {
      throw new MappingException(file + ": " + key + ": expected a CSV column name, found a "
          + (value instanceof Map ? "section" : "list"));
    }
    String column = ((String) value).trim();
    if (column.isEmpty()) {
      throw new MappingException(file + ": " + key + ": no CSV column given");
    }
    return column;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Object node, String file, String path, String what) {
    if (!(node instanceof Map)) {
      throw new MappingException(file + ": " + (path.isEmpty() ? "" : path + ": ") + "expected " + what
          + " of keys, found " + describe(node));
    }
    return (Map<String, Object>) node;
  }

  private static Map<String, Object> optionalSection(Object node, String file, String path) {
    if (node == null || node == NULL) {
      return Map.of();
    }
    return section(node, file, path, "a section");
  }

  private static void checkKeys(Map<String, Object> map, String file, String prefix, Set<String> allowed, String list) {
    for (String k : map.keySet()) {
      if (!allowed.contains(k)) {
        throw new MappingException(file + ": " + prefix + k + ": unknown key; use " + list);
      }
    }
  }

  private static String describe(Object node) {
    if (node == null || node == NULL) {
      return "nothing";
    }
    if (node instanceof List) {
      return "a list";
    }
    return "'" + node + "'";
  }

  /** Reads the value at the parser's current token as String, Map, List or NULL. */
  private static Object read(JsonParser p, String file, String path) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          if (!seen.add(name)) {
            throw new MappingException(file + ": " + child + ": the key appears twice; keep one");
          }
          p.nextToken();
          map.put(name, read(p, file, child));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p, file, path));
        }
        return list;
      }
      case VALUE_NULL:
        return NULL;
      default: {
        String text = showPlaceholders(p.getText());
        return text == null || text.isEmpty() ? NULL : text; // an empty plain scalar is "no value"
      }
    }
  }

  // YAML reads a brace in a flow list as the start of a map, so the documented all: [csv-import-{date}] would be
  // invalid YAML; the two placeholders are hidden behind private-use characters while the file is parsed.
  private static final String[][] PLACEHOLDERS = {{"{date}", "\uE000date\uE001"}, {"{file}", "\uE000file\uE001"}};

  private static java.io.Reader hidePlaceholders(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    for (String[] p : PLACEHOLDERS) {
      text = text.replace(p[0], p[1]);
    }
    return new java.io.StringReader(text);
  }

  private static String showPlaceholders(String text) {
    if (text == null || text.indexOf('\uE000') < 0) {
      return text;
    }
    for (String[] p : PLACEHOLDERS) {
      text = text.replace(p[1], p[0]);
    }
    return text;
  }

  /** " at line L, column C: <what SnakeYAML found>", without SnakeYAML's multi-line excerpt. */
  private static String yamlProblem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException y = (MarkedYAMLException) e.getCause();
      Mark m = y.getProblemMark();
      String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
      String problem = y.getProblem() == null ? "" : firstLine(y.getProblem());
      return where + (problem.isEmpty() ? "" : ": " + problem);
    }
    JsonLocation loc = e.getLocation();
    String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return where + ": " + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /**
   * The mapping used without a mapping file: each header column named exactly like an Intercom
   * contact field (or the 1.x {@code user_id}, {@code last_request_at}) maps to that field, in header
   * order; when both a 2.x name and its alias are columns, the 2.x name wins. {@code id} is not mapped implicitly (a
   * column called id is more often your own key than Intercom's contact id): map it in a file.
   * No custom attributes, no company, role user.
   *
   * @throws MappingException if no column names a contact (external_id, user_id or email)
   */
  public static Mapping defaultFor(List<String> header) {
    Map<String, String> standard = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(header.size());
    for (int i = 0; i < header.size(); i++) {
      names.add(RowMapper.headerName(header.get(i), i == 0));
    }
    Set<String> present = new HashSet<>(names);
    for (String name : names) {
      if (!name.equals(Fields.ID) && Fields.CONTACT.containsKey(name)) {
        standard.putIfAbsent(name, name);
      } else {
        String field = Fields.CONTACT_ALIASES.get(name);
        if (field != null && !present.contains(field)) {
          standard.putIfAbsent(field, name);
        }
      }
    }
    if (!standard.containsKey(Fields.EXTERNAL_ID) && !standard.containsKey(Fields.EMAIL)) {
      throw new MappingException("without a mapping file the CSV header needs an external_id, user_id or email column"
          + " to match contacts; it has " + RowMapper.listColumns(header));
    }
    if (standard.containsKey(Fields.EMAIL_VERIFIED) && !standard.containsKey(Fields.EMAIL)) {
      standard.remove(Fields.EMAIL_VERIFIED);
    }
    return new Mapping(ContactRole.USER, standard, List.of(), Optional.empty());
  }

  /**
   * The 2.x name of a contact field given by its 2.x or 1.x name ({@code user_id} is {@code external_id}).
   *
   * @param where names the setting in the message, e.g. "reserved_field_overrides.user_id"
   * @throws MappingException for an unknown field or a 1.x name with no 2.x equivalent
   */
  public static String contactField(String name, String where) {
    return Fields.contactField(name, where);
  }

  /**
   * Whether a name is one of Intercom's contact fields, a 1.x alias of one, or a refused 1.x name: such a
   * name is never a custom attribute.
   */
  public static boolean isContactFieldName(String name) {
    return Fields.CONTACT.containsKey(name) || Fields.CONTACT_ALIASES.containsKey(name)
        || Fields.CONTACT_REFUSED.contains(name);
  }

  /**
   * Header columns the mapping does not use, distinct, in header order, blank names left out:
   * for the caller to log once per file.
   */
  public static List<String> unmappedColumns(Mapping mapping, List<String> header) {
    Set<String> used = new HashSet<>();
    for (String c : mapping.standard().values()) {
      used.add(c.trim());
    }
    for (CustomAttribute c : mapping.custom()) {
      used.add(c.column().trim());
    }
    mapping.company().ifPresent(co -> {
      co.standard().values().forEach(c -> used.add(c.trim()));
      for (CustomAttribute c : co.custom()) {
        used.add(c.column().trim());
      }
    });
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = RowMapper.headerName(header.get(i), i == 0);
      if (!name.isEmpty() && !used.contains(name)) {
        out.add(name);
      }
    }
    return new ArrayList<>(out);
  }
}
