package io.intercomsync.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every configuration key, declared once in application.properties: its name and default on the key's
 * own line, its type, range and whether it is a secret on a {@code #=} line just above it, its
 * meaning in the comments. The same file is the user's reference and, packaged with the classes, the
 * source of every default and check, so there is no second copy to drift from it.
 */
public final class Declarations {
    /** Where the build puts a copy of application.properties among the classes. */
    static final String RESOURCE = "/io/intercomsync/config/application.properties";

    private static volatile Declarations packaged;

    private final Map<String, Key> keys;

    private Declarations(Map<String, Key> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The declarations packaged with the application. */
    public static Declarations packaged() {
        Declarations d = packaged;
        if (d == null) {
            try (InputStream in = Declarations.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath: the build copies application.properties there");
                }
                d = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            packaged = d;
        }
        return d;
    }

    /** What a key may hold. */
    public enum Type { TEXT, WHOLE, DECIMAL, FLAG }

    /** One declared key; {@code defaultValue} is null when the file leaves it blank. */
    public record Key(String name, String defaultValue, Type type, double min, double max, boolean secret) {
        /** The range as the messages say it. */
        String range() {
            return type == Type.WHOLE ? (long) min + " to " + (long) max : min + " to " + max;
        }
    }

    private static final java.util.regex.Pattern COMMENTED_KEY = java.util.regex.Pattern.compile("[#!]\\s*[a-z][a-z0-9.-]*\\s*=.*");

    /** An odd number of backslashes at the end: the value goes on on the next line. */
    private static boolean endsInContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    public static Declarations parse(String text) {
        return parse(new StringReader(text));
    }

    static Declarations parse(Reader reader) {
        Map<String, Key> keys = new LinkedHashMap<>();
        String pending = null;
        try (BufferedReader lines = new BufferedReader(reader)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String t = line.strip();
                if (t.startsWith("#=")) {
                    if (pending != null) {
                        throw new IllegalStateException("two #= lines in a row: '" + pending + "' and '" + t + "'");
                    }
                    pending = t.substring(2).strip();
                } else if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                    // a commented-out key (#camel.management.port=8080) is not the key a #= line declares:
                    // the declaration would silently fall on the next key below it
                    if (pending != null && (t.isEmpty() || COMMENTED_KEY.matcher(t).matches())) {
                        throw new IllegalStateException("'#= " + pending + "' is not followed by the key it declares"
                                + (t.isEmpty() ? "" : " but by '" + t + "', a commented-out key"));
                    }
                } else {
                    if (endsInContinuation(line)) {
                        // read one line at a time, its next line would become a key of its own
                        throw new IllegalStateException("'" + t + "' goes on to the next line: declare the key on one line");
                    }
                    Properties one = new Properties();
                    one.load(new StringReader(line));
                    String name = one.stringPropertyNames().iterator().next();
                    String value = one.getProperty(name).strip();
                    if (keys.containsKey(name)) {
                        // Properties would keep the last one; a reader of the file may stop at the first
                        throw new IllegalStateException(name + " is declared twice");
                    }
                    keys.put(name, key(name, value.isEmpty() ? null : value, pending));
                    pending = null;
                }
            }
            if (pending != null) {
                throw new IllegalStateException("'#= " + pending + "' is not followed by the key it declares");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Declarations(keys);
    }

    /** {@code spec}: words of "secret", "flag", "whole MIN..MAX" or "decimal MIN..MAX"; null or empty: text. */
    private static Key key(String name, String defaultValue, String spec) {
        Type type = Type.TEXT;
        double min = 0;
        double max = 0;
        boolean secret = false;
        List<String> words = spec == null ? List.of() : List.of(spec.split("\\s+"));
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "secret" -> secret = true;
                case "flag" -> type = Type.FLAG;
                case "whole", "decimal" -> {
                    type = words.get(i).equals("whole") ? Type.WHOLE : Type.DECIMAL;
                    String[] range = i + 1 < words.size() ? words.get(++i).split("\\.\\.") : new String[0];
                    if (range.length != 2) {
                        throw new IllegalStateException(name + ": '" + spec + "' needs a range, MIN..MAX");
                    }
                    min = Double.parseDouble(range[0]);
                    max = Double.parseDouble(range[1]);
                }
                case "" -> { }
                default -> throw new IllegalStateException(name + ": '" + words.get(i) + "' in '#= " + spec + "' is not secret, flag, whole or decimal");
            }
        }
        Key key = new Key(name, defaultValue, type, min, max, secret);
        if (defaultValue != null) {
            String problem = problem(key, defaultValue);
            if (problem != null) {
                throw new IllegalStateException("the default of " + problem);
            }
        }
        return key;
    }

    public Map<String, Key> keys() {
        return keys;
    }

    public Key key(String name) {
        Key k = keys.get(name);
        if (k == null) {
            throw new IllegalArgumentException(name + " is not declared in application.properties");
        }
        return k;
    }

    public List<String> secretKeys() {
        return keys.values().stream().filter(Key::secret).map(Key::name).toList();
    }

    /** What is wrong with {@code value} for {@code key}, as a sentence naming both, or null when it is fine. */
    static String problem(Key key, String value) {
        switch (key.type()) {
            case WHOLE -> {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return key.name() + "=" + value + " is not a whole number";
                }
                return n < key.min() || n > key.max() ? key.name() + "=" + value + " is out of range (" + key.range() + ")" : null;
            }
            case DECIMAL -> {
                double d;
                try {
                    d = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return key.name() + "=" + value + " is not a number";
                }
                return Double.isNaN(d) || d < key.min() || d > key.max()
                        ? key.name() + "=" + value + " is out of range (" + key.range() + ")" : null;
            }
            case FLAG -> {
                return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null
                        : key.name() + "=" + value + " must be true or false";
            }
            default -> {
                return null;
            }
        }
    }
}
