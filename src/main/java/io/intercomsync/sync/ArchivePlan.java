package io.intercomsync.sync;

/**
 * Which contacts a complete file's run archives (import.missing=archive), and whether the guard
 * (import.max-archive-share) lets it: a truncated export must not empty a workspace.
 *
 * @param known   contacts of this source the ledger knows and has not archived
 * @param missing how many of those the file did not have
 */
record ArchivePlan(long known, long missing) {

    double share() {
        return known == 0 ? 0 : (double) missing / known;
    }

    /** One sentence when the guard stops the archiving, else null. */
    String refusal(double maxShare) {
        if (missing == 0 || share() <= maxShare) {
            return null;
        }
        double needed = Math.ceil(share() * 100) / 100;
        return String.format("the file would archive %,d of the %,d contacts this source imported (%.0f%%), more than"
                        + " import.max-archive-share=%s allows, so nothing was archived; if the file is complete, run again with"
                        + " import.max-archive-share=%s (--dry-run lists them)",
                missing, known, share() * 100, strip(maxShare), strip(Math.min(1, needed)));
    }

    private static String strip(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
