package io.intercomsync.mapping;

/**
 * A configuration problem: a bad mapping file, or a mapping that does not fit the CSV header. The
 * message is one sentence meant for the user (file, key and problem); there is never a cause chain
 * worth printing.
 */
public class MappingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MappingException(String message) {
    super(message);
  }
}
