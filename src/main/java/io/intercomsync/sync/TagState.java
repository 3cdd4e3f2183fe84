package io.intercomsync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tags we put on one contact, as the ledger keeps them: those its tag column named ({@code column})
 * and the file-wide ones of its last run ({@code all}, contact.tags.all). A column tag the column no longer
 * names is taken off again; a file-wide tag never is (a {@code csv-import-{date}} stamp says the contact was
 * in that day's file). Names compare case-insensitively, as Intercom's do.
 */
record TagState(Set<String> column, Set<String> all) {
    static final TagState NONE = new TagState(Set.of(), Set.of());

    TagState {
        column = caseless(column);
        all = caseless(all);
    }

    /** What is to be sent to make {@code had} this state. */
    record Changes(List<String> attach, List<String> detach) {
        boolean none() {
            return attach.isEmpty() && detach.isEmpty();
        }
    }

    static TagState of(List<String> columnTags, List<String> allTags) {
        return new TagState(new TreeSet<>(columnTags), new TreeSet<>(allTags));
    }

    /** The calls that take {@code had} to this state; with {@code full}, every tag of this state is attached again. */
    Changes from(TagState had, boolean full) {
        Set<String> attached = caseless(had.column);
        attached.addAll(had.all);
        List<String> attach = new ArrayList<>();
        for (String t : union()) {
            if (full || !attached.contains(t)) {
                attach.add(t);
            }
        }
        List<String> detach = new ArrayList<>();
        Set<String> wanted = union();
        for (String t : had.column) {
            if (!wanted.contains(t)) {
                detach.add(t);
            }
        }
        return new Changes(attach, detach);
    }

    Set<String> union() {
        Set<String> u = caseless(column);
        u.addAll(all);
        return u;
    }

    // The ledger's text: one tag a line, "c " for a column tag, "a " for a file-wide one; null when none.

    String encode() {
        if (column.isEmpty() && all.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        column.forEach(t -> b.append("c ").append(t).append('\n'));
        all.forEach(t -> b.append("a ").append(t).append('\n'));
        return b.toString();
    }

    static TagState decode(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        Set<String> column = caseless(Set.of());
        Set<String> all = caseless(Set.of());
        for (String line : text.split("\n")) {
            if (line.startsWith("c ")) {
                column.add(line.substring(2));
            } else if (line.startsWith("a ")) {
                all.add(line.substring(2));
            }
        }
        return new TagState(column, all);
    }

    private static Set<String> caseless(Set<String> names) {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(names);
        return s;
    }
}
