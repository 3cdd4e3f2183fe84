package io.intercomsync.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a configuration may set, and the nearest one to a key that is none of them: a mistyped
 * {@code source.local.fodler} must stop the run, not fall back to the default folder and import a
 * stale file from it.
 */
public final class KnownKeys {
    private final Set<String> keys;
    private final Set<String> passThroughPrefixes;

    /** {@code passThroughPrefixes}: namespaces that belong to someone else ({@code camel.}), never checked here. */
    public KnownKeys(Collection<String> keys, Collection<String> passThroughPrefixes) {
        this.keys = new TreeSet<>(keys);
        this.passThroughPrefixes = Set.copyOf(passThroughPrefixes);
    }

    public boolean accepts(String key) {
        return keys.contains(key) || passThroughPrefixes.stream().anyMatch(key::startsWith);
    }

    /** The declared key closest to {@code key} by edit distance, when it is close enough to be a typo of it. */
    public Optional<String> nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String wanted = key.toLowerCase(Locale.ROOT);
        for (String candidate : keys) {
            int d = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Up to a third of the longer key's length: 'intercom.acess-token' (1 edit) and
        // 'source.locl.foldr' (2) are typos of a key; an unrelated key is not.
        return best != null && bestDistance <= Math.max(2, Math.max(key.length(), best.length()) / 3)
                ? Optional.of(best) : Optional.empty();
    }

    /** One sentence naming the unknown key, where it was set, and the nearest declared key if any. */
    public String unknown(String key, String where) {
        return key + " (" + where + ") is not a configuration key"
                + nearest(key).map(k -> ": did you mean " + k + "?")
                        .orElse(": every key is listed, with its default, in application.properties and the README");
    }

    public List<String> list() {
        return List.copyOf(keys);
    }

    /** Levenshtein distance, two rows at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
