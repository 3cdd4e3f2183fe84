package io.intercomsync.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code source.uri}: a Camel consumer URI of the file family ({@code file:}, {@code sftp:}, {@code ftp:},
 * {@code ftps:}), and the endpoint the routes poll, which is that URI with the options that make it one of
 * our sources: the names of source.file-pattern only, sorted by the timestamp in the name (never the
 * modification time), a read lock that leaves files still being written alone (source.stable-ms, or
 * source.done-marker as Camel's {@code doneFileName}), files left where they are unless the URI says
 * {@code move}/{@code delete}, remote files downloaded to a local work folder so that a large file is never
 * held in memory. An option the user wrote is never overridden.
 *
 * <p>Plain Java, no Camel: which options are ours is decided and tested here; the beans it names
 * ({@code #sourceFileNames}, {@code #newestFirst}, {@code #oldestFirst}) live in the camel package.
 */
public final class EndpointUri {
    public static final List<String> SCHEMES = List.of("file", "sftp", "ftp", "ftps");
    /** Options whose values are secrets: shown as {@code xxxxxx} wherever the URI is printed. */
    static final Set<String> SECRET_OPTIONS = Set.of("password", "privatekeypassphrase", "passphrase", "privatekey",
            "privatekeyuri", "accesskey", "secretkey");
    /** The options with which the user chose what happens to a file after a successful import. */
    private static final Set<String> AFTER_SUCCESS = Set.of("noop", "move", "delete", "preMove");
    private static final Pattern OPTION = Pattern.compile("([^&=]+)=(.*)", Pattern.DOTALL);

    private final String scheme;
    private final String base; // scheme:rest without the query
    private final Map<String, String> options; // as written, in order
    private final Path folder; // the configured folder of the source.type=local shorthand, else null

    private EndpointUri(String scheme, String base, Map<String, String> options, Path folder) {
        this.scheme = scheme;
        this.base = base;
        this.options = options;
        this.folder = folder;
    }

    /**
     * source.type=local as the Camel file endpoint over source.local.folder. Its files' completeness is
     * judged by the local source itself (size and time unchanged across two looks, or the done marker,
     * with its own messages), so the endpoint gets no read lock of Camel's.
     */
    public static EndpointUri localFolder(Path folder) {
        return new EndpointUri("file", "file:" + folder, new LinkedHashMap<>(), folder);
    }

    /** Parses {@code source.uri}; a scheme outside the file family or a malformed option is refused in one sentence. */
    public static EndpointUri parse(String uri) {
        String trimmed = uri.trim();
        int colon = trimmed.indexOf(':');
        String scheme = colon > 0 ? trimmed.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("source.uri=" + mask(trimmed) + " is not a file-family Camel URI: it must start with "
                    + String.join(":, ", SCHEMES) + ": (e.g. sftp://user@host:22/outbound?privateKeyFile=/keys/id_ed25519)");
        }
        int q = trimmed.indexOf('?');
        String base = q < 0 ? trimmed : trimmed.substring(0, q);
        if (base.length() <= scheme.length() + 1 || base.substring(scheme.length() + 1).replace("/", "").isEmpty()) {
            throw new IllegalArgumentException("source.uri=" + mask(trimmed) + " names no folder");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (q >= 0 && q < trimmed.length() - 1) {
            for (String part : splitOptions(trimmed.substring(q + 1))) {
                Matcher m = OPTION.matcher(part);
                if (!m.matches()) {
                    throw new IllegalArgumentException("source.uri option '" + maskOption(part) + "' is not name=value");
                }
                options.put(m.group(1), m.group(2));
            }
        }
        return new EndpointUri(scheme, base, options, null);
    }

    public String scheme() {
        return scheme;
    }

    public boolean remote() {
        return !scheme.equals("file");
    }

    /** The local folder of a {@code file:} URI, as configured. */
    public Path localFolder() {
        if (folder != null) {
            return folder;
        }
        String path = base.substring("file:".length());
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        return Path.of(URLDecoder.decode(path, StandardCharsets.UTF_8));
    }

    /** Whether the user chose what happens to a file after a successful import (noop, move, delete). */
    public boolean afterSuccessChosen() {
        return options.keySet().stream().anyMatch(AFTER_SUCCESS::contains);
    }

    /**
     * The endpoint a one-shot run polls once: the newest complete file, or none.
     *
     * @param workFolder where remote files are downloaded while they are imported
     */
    public String oneShot(Completeness completeness, Path workFolder) {
        Map<String, String> o = common(completeness, workFolder);
        o.putIfAbsent("sorter", "#newestFirst");
        // sort every candidate first, then take one (the polling consumer takes one per poll)
        o.putIfAbsent("eagerMaxMessagesPerPoll", "false");
        if (!remote()) {
            o.putIfAbsent("directoryMustExist", "true");
        }
        return build(o);
    }

    /**
     * The endpoint watch mode consumes: every complete file not yet imported, oldest first, polled every
     * {@code pollIntervalMs}. Which files were imported is kept in the state store (watch's claims), so
     * Camel's own in-memory idempotency is off.
     */
    public String watch(Completeness completeness, Path workFolder, long pollIntervalMs) {
        Map<String, String> o = common(completeness, workFolder);
        o.putIfAbsent("sorter", "#oldestFirst");
        o.putIfAbsent("eagerMaxMessagesPerPoll", "false");
        o.putIfAbsent("delay", Long.toString(pollIntervalMs));
        o.putIfAbsent("initialDelay", "0");
        o.putIfAbsent("idempotent", "false");
        // a poll that fails is said once, in one sentence, and tried again (camel.SourcePolls)
        o.putIfAbsent("pollStrategy", "#sourcePolls");
        // one file at a time: the consumer waits for each run instead of handing it to the row workers
        o.putIfAbsent("synchronous", "true");
        if (!remote()) {
            o.putIfAbsent("autoCreate", "false");
            o.putIfAbsent("directoryMustExist", "true");
        }
        return build(o);
    }

    private Map<String, String> common(Completeness completeness, Path workFolder) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.putIfAbsent("filter", "#sourceFileNames");
        if (!afterSuccessChosen()) {
            o.put("noop", "true");
        }
        if (folder != null) {
            // the shorthand: the local source judges completeness itself (see localFolder)
        } else if (completeness.marker() != null) {
            o.putIfAbsent("doneFileName", completeness.marker());
        } else if (!completeness.quiet().isZero()) {
            long quiet = completeness.quiet().toMillis();
            o.putIfAbsent("readLock", "changed");
            o.putIfAbsent("readLockMinAge", quiet + "ms");
            // Camel's default 1 would never take an empty file: it is taken, and its run says it is empty
            o.putIfAbsent("readLockMinLength", "0");
            o.putIfAbsent("readLockCheckInterval", Long.toString(Math.max(100, Math.min(1_000, quiet / 2))));
            // -1 would wait for ever; a file written for longer is skipped and looked at again on the next poll
            o.putIfAbsent("readLockTimeout", Long.toString(Math.max(completeness.timeout().toMillis(), quiet * 3)));
            o.putIfAbsent("readLockLoggingLevel", "INFO");
        }
        if (remote()) {
            o.putIfAbsent("localWorkDirectory", workFolder.toAbsolutePath().toString());
            // a refused login or unknown host is an error the run reports, not a poll that found nothing
            o.putIfAbsent("throwExceptionOnConnectFailed", "true");
            o.putIfAbsent("disconnect", "true");
            o.putIfAbsent("maximumReconnectAttempts", "0");
        }
        if (scheme.equals("sftp")) {
            // Camel's default is no: a server we cannot tell from one in between would be trusted
            o.putIfAbsent("strictHostKeyChecking", "yes");
        }
        return o;
    }

    private String build(Map<String, String> o) {
        StringBuilder sb = new StringBuilder(base);
        char sep = '?';
        for (Map.Entry<String, String> e : o.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return sb.toString();
    }

    /** The URI as written, secrets masked: for reports, logs and messages. */
    public String display() {
        Map<String, String> o = new LinkedHashMap<>(options);
        return mask(build(o));
    }

    /** Masks the password in user info and the values of secret options of any URI. */
    public static String mask(String uri) {
        String s = uri.replaceAll("(://[^/@:?]+):[^/@?]*@", "$1:xxxxxx@");
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.substring(0, q + 1));
        List<String> parts = splitOptions(s.substring(q + 1));
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append('&');
            }
            sb.append(maskOption(parts.get(i)));
        }
        return sb.toString();
    }

    /** Splits a query at {@code &}, except inside Camel's {@code RAW(...)} or {@code RAW{...}} values. */
    static List<String> splitOptions(String query) {
        List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < query.length()) {
            if (query.startsWith("RAW(", i) || query.startsWith("RAW{", i)) {
                char close = query.charAt(i + 3) == '(' ? ')' : '}';
                int end = query.indexOf(close, i + 4);
                i = end < 0 ? query.length() : end + 1;
                continue;
            }
            if (query.charAt(i) == '&') {
                parts.add(query.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(query.substring(start));
        return parts;
    }

    /** The values of secret options and of a password in the user info, to be masked wherever they appear. */
    public List<String> secrets() {
        List<String> found = new java.util.ArrayList<>();
        options.forEach((name, value) -> {
            if (SECRET_OPTIONS.contains(name.toLowerCase(Locale.ROOT)) && !value.isEmpty()) {
                found.add(value);
                if (value.startsWith("RAW(") || value.startsWith("RAW{")) {
                    found.add(value.substring(4, value.length() - 1));
                }
            }
        });
        Matcher m = Pattern.compile("://[^/@:?]+:([^/@?]*)@").matcher(base);
        if (m.find() && !m.group(1).isEmpty()) {
            found.add(m.group(1));
            found.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
        return found;
    }

    private static String maskOption(String part) {
        int eq = part.indexOf('=');
        if (eq < 0) {
            return part;
        }
        String name = part.substring(0, eq);
        return SECRET_OPTIONS.contains(name.toLowerCase(Locale.ROOT)) ? name + "=xxxxxx" : part;
    }
}
