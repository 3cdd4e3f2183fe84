package io.intercomsync.singer;

import java.util.List;
import java.util.Locale;

/** The tap's streams, with the seed tap-intercom's names, keys and replication methods (API 2.x endpoints). */
public enum TapStream {
    ADMINS(List.of("id"), null),
    COMPANIES(List.of("id"), "updated_at"),
    COMPANY_ATTRIBUTES(List.of("name"), null),
    COMPANY_SEGMENTS(List.of("id"), null),
    CONVERSATIONS(List.of("id"), "updated_at"),
    CONVERSATION_PARTS(List.of("id"), "conversation_updated_at"),
    CUSTOMER_ATTRIBUTES(List.of("name"), null),
    LEADS(List.of("id"), "updated_at"),
    SEGMENTS(List.of("id"), null),
    TAGS(List.of("id"), null),
    TEAMS(List.of("id"), null),
    USERS(List.of("id"), "updated_at");

    private final List<String> keyProperties;
    private final String replicationKey;

    TapStream(List<String> keyProperties, String replicationKey) {
        this.keyProperties = keyProperties;
        this.replicationKey = replicationKey;
    }

    /** The Singer tap_stream_id. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<String> keyProperties() {
        return keyProperties;
    }

    /** The bookmarked field, or null for FULL_TABLE streams. */
    public String replicationKey() {
        return replicationKey;
    }

    public boolean incremental() {
        return replicationKey != null;
    }

    public String replicationMethod() {
        return incremental() ? "INCREMENTAL" : "FULL_TABLE";
    }

    public static TapStream byId(String id) {
        for (TapStream s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}
