package io.intercomsync.logging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one masker: the secret values of this process (the access token, webhook URLs, tokens,
 * passwords, the AWS secrets), registered at startup, and {@link #mask} that every string leaving the
 * process passes through: log lines (whoever logged them), the console, the run report, the errors
 * CSV (and so its S3 upload), notifications and the messages of Intercom's errors. Intercom, or a
 * gateway in front of it, may quote a request's credentials back in an error body; this is what keeps
 * them in.
 *
 * <p>Each secret is masked as written and as it appears inside JSON strings, CSV quoted cells and URLs,
 * and a secret of several lines also line by line (an HTTP library quoting a bad header may cut it).
 */
public final class Secrets {
    private static final String MASK = "****";
    /** Longest first, so a secret containing another is masked whole. Replaced whole on each register. */
    private static volatile List<String> values = List.of();

    private Secrets() {
    }

    /** Values shorter than 6 characters are not registered: masking them would garble ordinary words. */
    public static synchronized void register(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>(values);
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            addForms(all, secret);
            for (String line : secret.split("[\\r\\n]+")) {
                addForms(all, line.strip());
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        values = List.copyOf(sorted);
    }

    private static void addForms(Set<String> into, String secret) {
        if (secret.length() < 6) {
            return;
        }
        into.add(secret);
        into.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
        into.add(secret.replace("\"", "\"\""));
        into.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /**
     * How many characters at the end of {@code text} could be the start of a secret: a stream that
     * writes what it has (a flush in the middle of a line) holds those back until it knows.
     */
    public static int heldBack(String text) {
        int held = 0;
        for (String v : values) {
            for (int k = Math.min(v.length() - 1, text.length()); k > held; k--) {
                if (text.regionMatches(text.length() - k, v, 0, k)) {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }

    public static String mask(String text) {
        List<String> secrets = values;
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : secrets) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }
}
