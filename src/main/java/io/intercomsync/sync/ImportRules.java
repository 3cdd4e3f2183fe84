package io.intercomsync.sync;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an import does with contacts beyond writing the file's rows, as Intercom's own CSV import and
 * mirror-style syncs offer it.
 *
 * @param updateExisting  {@code import.existing=update} (default) or {@code skip}: a contact that is already
 *                        in Intercom is left as it is and counted as skipped
 * @param createNew       {@code import.new=create} (default) or {@code skip}: a contact not yet in Intercom is not
 *                        created (counted as skipped)
 * @param archiveMissing  {@code import.missing=archive}: contacts this ledger imported from earlier files of the
 *                        same source and absent from this complete file are archived ({@code keep}, the default, leaves them)
 * @param maxArchiveShare the run stops before archiving anything when more than this share of the source's known
 *                        contacts would be archived
 * @param reconcileEvery  {@code import.reconcile-every}: refresh the ledger from the workspace's contact list before the
 *                        rows when the last refresh is older than this; null: only on {@code --reconcile}
 */
public record ImportRules(boolean updateExisting, boolean createNew, boolean archiveMissing, double maxArchiveShare,
                          Duration reconcileEvery) {

    /** The rules application.properties declares by default: the target's, which has no settings for them. */
    public static final ImportRules DEFAULT = from(AppConfig.declaredDefaults());

    public static ImportRules from(AppConfig c) {
        boolean update = choice(c, "import.existing", "update", "skip");
        boolean create = choice(c, "import.new", "create", "skip");
        if (!update && !create) {
            throw new ConfigException("import.existing=skip with import.new=skip would write nothing: set one of them back"
                    + " (import.existing=update or import.new=create)");
        }
        boolean archive = !choice(c, "import.missing", "keep", "archive");
        String share = c.text("import.max-archive-share");
        double maxShare;
        try {
            maxShare = Double.parseDouble(share);
        } catch (NumberFormatException e) {
            maxShare = Double.NaN;
        }
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new ConfigException("import.max-archive-share=" + share + " is not a share between 0 and 1 (0.1 is ten per cent)");
        }
        return new ImportRules(update, create, archive, maxShare, duration(c, "import.reconcile-every"));
    }

    /** True for {@code first}, false for {@code second}; anything else names the key and both values. */
    private static boolean choice(AppConfig c, String key, String first, String second) {
        String set = c.text(key); // the declared default when unset
        String v = set.trim().toLowerCase(Locale.ROOT);
        if (v.equals(first)) {
            return true;
        }
        if (v.equals(second)) {
            return false;
        }
        throw new ConfigException(key + "=" + set + " is not one of " + first + " or " + second);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(d|h|m|s)");

    /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s}; blank: never. */
    static Duration duration(AppConfig c, String key) {
        String v = c.string(key, null);
        if (v == null || v.isBlank()) {
            return null;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).replaceFirst("^0+", "").isEmpty()) {
            throw new ConfigException(key + "=" + v + " is not a duration like 7d, 12h, 30m or 90s");
        }
        // Capped so that the last reconcile plus this stays a time the clock can hold (a longer one failed the
        // run on the overflow); the cap is read in seconds before any multiplication can overflow.
        String digits = m.group(1).replaceFirst("^0+", "");
        long perUnit = switch (m.group(2)) {
            case "d" -> 86_400;
            case "h" -> 3_600;
            case "m" -> 60;
            default -> 1;
        };
        if (digits.length() > 12 || Long.parseLong(digits) > MAX_EVERY.getSeconds() / perUnit) {
            throw new ConfigException(key + "=" + v + " is longer than " + MAX_EVERY.toDays()
                    + "d; leave it empty to reconcile only when asked with --reconcile");
        }
        return Duration.ofSeconds(Long.parseLong(digits) * perUnit);
    }

    /** The longest import.reconcile-every: about a hundred years. */
    private static final Duration MAX_EVERY = Duration.ofDays(36_500);
}
