package io.intercomsync.imports;

/** What happened to one CSV row. Every row ends as exactly one of these. */
public enum Outcome {
    CREATED, UPDATED, UNCHANGED, FAILED
}
