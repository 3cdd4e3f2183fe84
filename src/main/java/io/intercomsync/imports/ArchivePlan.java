package io.intercomsync.imports;

import java.util.List;

/**
 * Which contacts a complete file's run archives (import.missing=archive), and whether the guard
 * (import.max-archive-share) lets it: a truncated export must not empty a workspace.
 *
 * @param known     contacts of this source the ledger knows and has not archived
 * @param toArchive the keys of those the file did not have
 */
record ArchivePlan(long known, List<String> toArchive) {

    double share() {
        return known == 0 ? 0 : (double) toArchive.size() / known;
    }

    /** One sentence when the guard stops the archiving, else null. */
    String refusal(double maxShare) {
        if (toArchive.isEmpty() || share() <= maxShare) {
            return null;
        }
        double needed = Math.ceil(share() * 100) / 100;
        return String.format("the file would archive %,d of the %,d contacts this source imported (%.0f%%), more than"
                        + " import.max-archive-share=%s allows; nothing was archived. If the file is complete, run again with"
                        + " import.max-archive-share=%s (or --dry-run to list them)",
                toArchive.size(), known, share() * 100, strip(maxShare), strip(Math.min(1, needed)));
    }

    private static String strip(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
