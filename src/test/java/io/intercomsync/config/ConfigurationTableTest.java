package io.intercomsync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table and application.properties (where every key is declared, with its
 * default) say the same: the same keys, and each key's default as the table shows it.
 */
class ConfigurationTableTest {
    private static final Pattern KEY = Pattern.compile("`([a-z][a-z0-9.-]+)`");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private static Map<String, String> declared() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([a-z][a-z0-9.-]+)=(.*)$").matcher(Files.readString(Path.of("application.properties")));
        while (m.find()) {
            keys.put(m.group(1), m.group(2).trim());
        }
        return keys;
    }

    /** Rows of the README's table: key -> the default cell, one entry per key a row names. */
    private static Map<String, String> documented() throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> keys = all(KEY, cells[1]);
            List<String> defaults = all(CODE, cells[2]);
            for (int i = 0; i < keys.size(); i++) {
                String cell = cells[2].trim();
                // "(none)", "(chain's)", "(`~/.ssh/known_hosts`)": no default in the file, computed or absent
                rows.put(keys.get(i), cell.startsWith("(") ? "" : i < defaults.size() ? defaults.get(i) : defaults.get(0));
            }
        }
        return rows;
    }

    private static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyDeclaredKeyIsInTheReadmeTableAndTheTableNamesNoOther() throws Exception {
        assertThat(new TreeSet<>(documented().keySet())).isEqualTo(new TreeSet<>(declared().keySet()));
    }

    @Test
    void theTableShowsEachKeysDefaultAsApplicationPropertiesDeclaresIt() throws Exception {
        Map<String, String> documented = documented();
        declared().forEach((key, value) -> assertThat(documented.get(key)).as(key).isEqualTo(value));
    }
}
