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
    /**
     * Options whose values are secrets, by a part of their name as Camel's own sanitizer goes by
     * (ftpClient.trustStore.password, keyPassword, privateKeyPassphrase, account): shown as {@code xxxxxx}
     * wherever the URI is printed, and their values masked in every log line.
     */
    static final List<String> SECRET_NAME_PARTS = List.of("password", "passphrase", "secret", "token", "account",
            "credential", "privatekey", "accesskey");
    /** Names with one of those parts whose values are paths or switches, not secrets. */
    private static final Set<String> NOT_SECRET = Set.of("privatekeyfile", "privatekeyuri");
    /** The options with which the user chose what happens to a file after a successful import. */
    private static final Set<String> AFTER_SUCCESS = Set.of("noop", "move", "delete");
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
        Map<String, String> o = new LinkedHashMap<>();
        // as the folder listing before it: a folder whose name starts with a dot (or is ".") is read too,
        // and so is a file that does when source.file-pattern takes it ('*users_{timestamp}.csv')
        o.put("includeHiddenDirs", "true");
        o.put("includeHiddenFiles", "true");
        return new EndpointUri("file", "file:" + folder.toAbsolutePath().normalize(), o, folder);
    }

    /**
     * Whether the file component can be given this folder in a URI: a % is read as an escape, a ? as
     * the start of the options and {{ as a property placeholder, whatever is done to them. Such a folder
     * is listed by the local source itself (the route's timer listing), as before there were endpoints.
     */
    public static boolean canName(Path folder) {
        String path = folder.toAbsolutePath().normalize().toString();
        return !path.contains("%") && !path.contains("?") && !path.contains("{{") && !path.contains("}}");
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
        if (options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("preMove"))) {
            throw new IllegalArgumentException("source.uri option preMove is not supported: a run that stops would leave the"
                    + " file in the preMove folder, where no later run looks for it; use move= (applied after a successful import)");
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
        return options.keySet().stream().anyMatch(k -> AFTER_SUCCESS.contains(k.toLowerCase(Locale.ROOT)));
    }

    /** Whether a successful import moves or deletes the file (rather than leaving it, noop). */
    public boolean movesFiles() {
        return options.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("move")
                || e.getKey().equalsIgnoreCase("delete") && e.getValue().equalsIgnoreCase("true"));
    }

    /**
     * The endpoint a one-shot run polls once: the newest complete file, or none.
     *
     * @param workFolder where remote files are downloaded while they are imported
     */
    public String oneShot(Completeness completeness, Path workFolder) {
        Options o = common(completeness, workFolder);
        o.add("sorter", "#newestFirst");
        // sort every candidate first, then take one (the polling consumer takes one per poll)
        o.add("eagerMaxMessagesPerPoll", "false");
        return build(o.map);
    }

    /**
     * The endpoint watch mode consumes: every complete file not yet imported, oldest first, polled every
     * {@code pollIntervalMs}. Which files were imported is kept in the state store (watch's claims), so
     * Camel's own in-memory idempotency is off.
     */
    public String watch(Completeness completeness, Path workFolder, long pollIntervalMs) {
        Options o = common(completeness, workFolder);
        o.add("sorter", "#oldestFirst");
        o.add("eagerMaxMessagesPerPoll", "false");
        o.add("delay", Long.toString(pollIntervalMs));
        o.add("initialDelay", "0");
        o.add("idempotent", "false");
        // a poll that fails is said once, in one sentence, and tried again (camel.SourcePolls)
        o.add("pollStrategy", "#sourcePolls");
        o.add("exceptionHandler", "#sourcePolls");
        // one file at a time: the consumer waits for each run instead of handing it to the row workers
        o.add("synchronous", "true");
        return build(o.map);
    }

    /** The user's options, and ours added where the user set none of that name (Camel ignores case in them). */
    private static final class Options {
        final Map<String, String> map;

        Options(Map<String, String> given) {
            map = new LinkedHashMap<>(given);
        }

        boolean has(String name) {
            return map.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
        }

        void add(String name, String value) {
            if (!has(name)) {
                map.put(name, value);
            }
        }
    }

    private Options common(Completeness completeness, Path workFolder) {
        Options o = new Options(options);
        o.add("filter", "#sourceFileNames");
        if (!afterSuccessChosen()) {
            o.add("noop", "true");
        }
        // a mistyped folder is an error, not an empty folder created on the disk or on the partner's server
        o.add("autoCreate", "false");
        if (!remote()) {
            o.add("directoryMustExist", "true");
        }
        if (folder != null) {
            // the shorthand: the local source judges completeness itself (see localFolder)
        } else if (completeness.marker() != null) {
            o.add("doneFileName", completeness.marker());
        } else if (!completeness.quiet().isZero()) {
            long quiet = completeness.quiet().toMillis();
            o.add("readLock", "changed");
            if (remote()) {
                // Two listings source.stable-ms apart must agree on size and time: an FTP listing's time is
                // to the minute, in the server's zone, and either server's clock may be off, so a minimum
                // age against our clock would take a file written seconds ago, or never take one.
                o.add("readLockCheckInterval", Long.toString(Math.max(100, quiet)));
            } else {
                o.add("readLockMinAge", quiet + "ms");
                o.add("readLockCheckInterval", Long.toString(Math.max(100, Math.min(1_000, quiet / 2))));
                // no <file>.camelLock beside the exports: the folder may be read-only, and the claims keep replicas apart
                o.add("readLockMarkerFile", "false");
            }
            // Camel's default 1 would never take an empty file: it is taken, and its run says it is empty
            o.add("readLockMinLength", "0");
            // -1 would wait for ever; a file written for longer is skipped and looked at again on the next poll
            o.add("readLockTimeout", Long.toString(Math.max(completeness.timeout().toMillis(), quiet * 3)));
            o.add("readLockLoggingLevel", "INFO");
        }
        if (remote()) {
            o.add("localWorkDirectory", workFolder.toAbsolutePath().toString());
            // a refused login or unknown host is an error the run reports, not a poll that found nothing
            o.add("throwExceptionOnConnectFailed", "true");
            o.add("disconnect", "true");
            o.add("maximumReconnectAttempts", "0");
        }
        if (scheme.equals("sftp")) {
            // Camel's default is no: a server we cannot tell from one in between would be trusted
            o.add("strictHostKeyChecking", "yes");
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

    /**
     * One sentence for an endpoint Camel refused to create from this URI, from Camel's message: options it
     * does not know are named (a typo must stop the run, not be ignored), anything else as Camel says it.
     */
    public String refused(String camelMessage) {
        String m = String.valueOf(camelMessage);
        int at = m.indexOf("Unknown parameters=[{");
        if (at >= 0) {
            int end = m.indexOf("}]", at);
            String list = m.substring(at + "Unknown parameters=[{".length(), end < 0 ? m.length() : end);
            List<String> names = new java.util.ArrayList<>();
            for (String pair : list.split(", ")) {
                names.add(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            }
            return "source.uri has " + (names.size() == 1 ? "an option" : "options") + " Camel's " + scheme
                    + " component does not know: " + String.join(", ", names)
                    + " (check the spelling; see docs/sources.md for the component's options)";
        }
        int due = m.indexOf(" due to: ");
        return "source.uri=" + location() + " is not an endpoint Camel can create: "
                + mask(due >= 0 ? m.substring(due + " due to: ".length()) : m);
    }

    /** The URI as written, secrets masked: for messages that show the options. */
    public String display() {
        return mask(build(new LinkedHashMap<>(options)));
    }

    /**
     * Where the files are, without the options: {@code file:/data/exports}, {@code sftp://exports@host:22/outbound}
     * (a password in the user info masked). Reports name the source by it, and watch mode's claims are
     * keyed by it, so that changing an option does not make every file in the folder new again.
     */
    public String location() {
        return mask(base);
    }

    static boolean secretOption(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !NOT_SECRET.contains(n) && SECRET_NAME_PARTS.stream().anyMatch(n::contains);
    }

    /** Masks the password in user info and the values of secret options of any URI. */
    public static String mask(String uri) {
        String s = maskUserInfo(uri);
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
            if (secretOption(name) && !value.isEmpty()) {
                String plain = value.startsWith("RAW(") || value.startsWith("RAW{") ? value.substring(4, value.length() - 1) : value;
                found.add(value);
                found.add(plain);
                found.add(decoded(plain));
            }
        });
        String password = userInfoPassword(base);
        if (password != null && !password.isEmpty()) {
            found.add(password);
            found.add(decoded(password));
        }
        return found.stream().distinct().toList();
    }

    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** The authority's password: between the first ':' and the last '@' before the path. */
    private static String userInfoPassword(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return null;
        }
        int authorityEnd = uri.indexOf('/', start + 3);
        int q = uri.indexOf('?', start + 3);
        int end = authorityEnd < 0 ? (q < 0 ? uri.length() : q) : (q < 0 ? authorityEnd : Math.min(authorityEnd, q));
        String authority = uri.substring(start + 3, end);
        int at = authority.lastIndexOf('@');
        int colon = authority.indexOf(':');
        return at > 0 && colon >= 0 && colon < at ? authority.substring(colon + 1, at) : null;
    }

    private static String maskUserInfo(String uri) {
        String password = userInfoPassword(uri);
        if (password == null || password.isEmpty()) {
            return uri;
        }
        int start = uri.indexOf("://") + 3;
        int colon = uri.indexOf(':', start);
        return uri.substring(0, colon + 1) + "xxxxxx" + uri.substring(colon + 1 + password.length());
    }

    private static String maskOption(String part) {
        int eq = part.indexOf('=');
        if (eq < 0) {
            return part;
        }
        String name = part.substring(0, eq);
        return secretOption(name) ? name + "=xxxxxx" : part;
    }
}
