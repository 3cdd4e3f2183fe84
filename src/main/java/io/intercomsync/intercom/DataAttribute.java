package io.intercomsync.intercom;

/** One of Intercom's data attributes (GET /data_attributes): standard or custom, for contacts or companies. */
public record DataAttribute(String name, String model, String dataType, boolean custom) {
}
