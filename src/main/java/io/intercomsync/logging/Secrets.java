package io.intercomsync.logging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret values of this process (the access token, webhook URLs, passwords), registered at startup
 * so that every log line is masked before it is written, whoever logged it: our code never logs a
 * secret, and this makes sure a library's message cannot either.
 */
public final class Secrets {
    private static final List<String> VALUES = new CopyOnWriteArrayList<>();
    private static final String MASK = "****";

    private Secrets() {
    }

    /** Values shorter than 6 characters are not registered: masking them would garble ordinary words. */
    public static void register(Collection<String> values) {
        List<String> added = new ArrayList<>();
        for (String v : values) {
            if (v != null && v.length() >= 6 && !VALUES.contains(v)) {
                added.add(v);
            }
        }
        VALUES.addAll(added);
        // Longest first, so a secret containing another is masked whole.
        List<String> sorted = new ArrayList<>(VALUES);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        VALUES.clear();
        VALUES.addAll(sorted);
    }

    public static String mask(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : VALUES) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }
}
