package io.intercomsync.mapping;

import java.util.Objects;

/** An Intercom custom attribute fed from a CSV column, with its declared type. */
public record CustomAttribute(String name, String column, AttributeType type) {
  public CustomAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
  }
}
