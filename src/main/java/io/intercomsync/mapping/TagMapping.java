package io.intercomsync.mapping;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags a contact gets: the names in one column ({@code contact.tags.column}, split on
 * {@code separator}) and the tags every contact of the file gets ({@code contact.tags.all}, where
 * {@code {file}} is the file's name and {@code {date}} the run's date, yyyy-MM-dd in UTC). Intercom
 * compares tag names case-insensitively, and so does everything here.
 *
 * @param column the CSV column of tag names, or null
 */
public record TagMapping(String column, String separator, List<String> all) {
  public static final TagMapping NONE = new TagMapping(null, ";", List.of());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  public TagMapping {
    Objects.requireNonNull(separator, "separator");
    if (separator.isEmpty()) {
      throw new MappingException("contact.tags.separator: must be at least one character");
    }
    all = List.copyOf(Objects.requireNonNull(all, "all"));
    for (String t : all) {
      Matcher m = PLACEHOLDER.matcher(t);
      while (m.find()) {
        if (!m.group(1).equals("file") && !m.group(1).equals("date")) {
          throw new MappingException("contact.tags.all: '" + t + "' has the placeholder {" + m.group(1)
              + "}; only {file} and {date} are replaced");
        }
      }
      if (t.isBlank()) {
        throw new MappingException("contact.tags.all: a tag name is blank");
      }
    }
  }

  /** Whether the mapping tags contacts at all. */
  public boolean any() {
    return column != null || !all.isEmpty();
  }

  /** {@code all} for one run: placeholders replaced. {@code fileName} without its folder. */
  public List<String> allFor(String fileName, LocalDate date) {
    List<String> out = new ArrayList<>();
    for (String t : all) {
      // a line break is not part of a tag name, as in a column's cell (the ledger keeps one tag a line)
      out.add(t.replace("{file}", fileName).replace("{date}", date.toString())
          .replace('\r', ' ').replace('\n', ' ').trim());
    }
    return out;
  }

  /** The tag names of one cell: split, trimmed, blanks dropped, the first spelling of each name kept. */
  public List<String> split(String cell) {
    if (cell == null || cell.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String part : cell.split(Pattern.quote(separator), -1)) {
      // a line break inside a quoted cell is not part of a tag name (and would break the ledger's list)
      String name = part.replace('\r', ' ').replace('\n', ' ').trim();
      if (!name.isEmpty() && seen.add(name)) {
        out.add(name);
      }
    }
    return out;
  }
}
