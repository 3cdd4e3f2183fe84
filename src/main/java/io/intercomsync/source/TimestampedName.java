package io.intercomsync.source;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamp out of a file name such as {@code users_20240301T120000.csv}, given
 * {@code source.file-pattern} (with one {@code {timestamp}}) and {@code source.timestamp-format}
 * (a {@link DateTimeFormatter} pattern). Names that do not match are not candidates; the file's
 * modification time is never consulted, because copies and uploads change it.
 */
public final class TimestampedName {
    private final Pattern pattern;
    private final DateTimeFormatter format;
    private final String description;

    public TimestampedName(String filePattern, String timestampFormat) {
        int at = filePattern.indexOf("{timestamp}");
        if (at < 0 || filePattern.indexOf("{timestamp}", at + 1) >= 0) {
            throw new IllegalArgumentException("source.file-pattern '" + filePattern + "' must contain {timestamp} exactly once");
        }
        try {
            this.format = DateTimeFormatter.ofPattern(timestampFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source.timestamp-format '" + timestampFormat + "' is not a valid date-time pattern: " + e.getMessage());
        }
        String before = filePattern.substring(0, at);
        String after = filePattern.substring(at + "{timestamp}".length());
        this.pattern = Pattern.compile(glob(before) + "(.+?)" + glob(after));
        this.description = filePattern;
    }

    /** The instant a matching name stands for, or empty when the name is not one of ours. */
    public Optional<Long> timestampOf(String fileName) {
        Matcher m = pattern.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            TemporalAccessor t = format.parse(m.group(1));
            LocalDateTime dt = t.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalDateTime.from(t)
                    : java.time.LocalDate.from(t).atStartOfDay();
            return Optional.of(dt.toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Orders names by their timestamp, the name itself breaking ties; names must match. */
    public Comparator<String> newestLast() {
        return Comparator.<String, Long>comparing(n -> timestampOf(n).orElseThrow()).thenComparing(n -> n);
    }

    public String description() {
        return description;
    }

    /** The literal parts of a pattern, where {@code *} stands for any characters. */
    private static String glob(String literal) {
        StringBuilder sb = new StringBuilder();
        String[] parts = literal.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            if (!parts[i].isEmpty()) {
                sb.append(Pattern.quote(parts[i]));
            }
        }
        return sb.toString();
    }
}
