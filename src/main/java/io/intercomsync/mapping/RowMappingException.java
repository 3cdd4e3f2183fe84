package io.intercomsync.mapping;

/**
 * One row could not be turned into a payload: that row fails, the import goes on. Unchecked so it
 * travels through Camel's bean binding untouched; it carries no stack trace (it is data, not a bug,
 * and rows fail by the thousand).
 */
public class RowMappingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final String reason;

  /**
   * @param column the CSV column at fault, or null when the problem is the row as a whole
   * @param reason one sentence without the column, e.g. {@code 'twelve' is not an integer}
   */
  public RowMappingException(String column, String reason) {
    super(column == null ? reason : "column '" + column + "': " + reason, null, false, false);
    this.column = column;
    this.reason = reason;
  }

  /** The CSV column at fault, or null when the problem is the row as a whole (e.g. its length). */
  public String column() {
    return column;
  }

  /** The message without the {@code column '...': } prefix. */
  public String reason() {
    return reason;
  }
}
