package io.intercomsync.sync;

/** What happened to one CSV row. Every row ends as exactly one of these. */
public enum Outcome {
    CREATED, UPDATED, UNCHANGED,
    /** Left as it is by the import rules (import.existing=skip, import.new=skip). */
    SKIPPED,
    FAILED
}
