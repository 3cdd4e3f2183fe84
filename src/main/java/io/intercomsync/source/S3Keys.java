package io.intercomsync.source;

import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The S3 source's decisions, apart from any S3 client: which key under a prefix is the newest import
 * file, and what archived and published objects are called. An S3 key is any string (it may hold
 * {@code ..}, {@code /} or control characters), so every name derived from one goes through
 * {@link #safeName(String)} first.
 */
public final class S3Keys {
    static final String REPORT_SUFFIX = ".run-report.json";
    static final String ERRORS_SUFFIX = ".user_errors.csv";

    private S3Keys() {
    }

    /**
     * A prefix as a folder: no leading slash, one trailing slash, empty for the bucket's top level.
     * {@code incoming} and {@code /incoming/} both become {@code incoming/}.
     */
    public static String folder(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.endsWith("/") ? p : p + "/";
    }

    /**
     * The keys directly in {@code folder} whose names match, oldest timestamp first; keys in
     * sub-folders are not candidates, so moved inputs and published outputs never come back in.
     */
    public static List<String> matching(Stream<String> keys, String folder, TimestampedName names) {
        return keys.filter(k -> k.startsWith(folder))
                .filter(k -> {
                    String name = k.substring(folder.length());
                    return !name.isEmpty() && name.indexOf('/') < 0 && names.timestampOf(name).isPresent();
                })
                .sorted((a, b) -> names.newestLast().compare(a.substring(folder.length()), b.substring(folder.length())))
                .toList();
    }

    /**
     * Where a listing of {@code folder} without a delimiter goes on after {@code key}: right after it, or,
     * when it lies in a sub-folder, past the rest of that sub-folder. Any key after the sub-folder differs
     * from it before its slash, so none is skipped; U+FFFD is the highest character XML (S3's answer, which
     * echoes the marker) may hold, and a sub-folder key beyond it is only listed, not lost.
     */
    public static String nextMarker(String folder, String key) {
        int slash = key.startsWith(folder) ? key.indexOf('/', folder.length()) : -1;
        return slash < 0 ? key : key.substring(0, slash + 1) + '\uFFFD';
    }

    /** S3's order of keys: by their UTF-8 bytes, which is the order of their code points (not Java's UTF-16 order). */
    public static int compareKeys(String a, String b) {
        java.util.PrimitiveIterator.OfInt x = a.codePoints().iterator();
        java.util.PrimitiveIterator.OfInt y = b.codePoints().iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = Integer.compare(x.nextInt(), y.nextInt());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    /** The key's last path segment: what the file is called. */
    public static String fileName(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    /**
     * A file name made from a key that is safe to use as one path segment, on a disk or under an S3
     * prefix: the key's last segment with anything but letters, digits, {@code . _ -} replaced by
     * {@code _}, never {@code .} or {@code ..}, never empty, at most 200 characters.
     */
    public static String safeName(String key) {
        String name = fileName(key);
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')
                ? (char) c : '_'));
        String safe = sb.toString();
        if (safe.chars().allMatch(c -> c == '.')) {
            safe = safe.replace('.', '_'); // "", ".", ".." and the like name no file of their own
        }
        if (safe.isEmpty()) {
            safe = "_";
        }
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }

    /** Where {@code after-success=move} puts the object: its file name under the move prefix. */
    public static String movedKey(String movePrefix, String key) {
        return folder(movePrefix) + safeName(key);
    }

    /** The published run report of an import of {@code key}: {@code <output-prefix><name>.run-report.json}. */
    public static String reportKey(String outputPrefix, String key) {
        return folder(outputPrefix) + baseName(key) + REPORT_SUFFIX;
    }

    /** The published errors CSV of an import of {@code key}: {@code <output-prefix><name>.user_errors.csv}. */
    public static String errorsKey(String outputPrefix, String key) {
        return folder(outputPrefix) + baseName(key) + ERRORS_SUFFIX;
    }

    /** The safe file name without a {@code .csv} extension: {@code users_20240301T120000}. */
    static String baseName(String key) {
        String safe = safeName(key);
        if (safe.toLowerCase(Locale.ROOT).endsWith(".csv") && safe.length() > 4) {
            return safe.substring(0, safe.length() - 4);
        }
        return safe;
    }
}
