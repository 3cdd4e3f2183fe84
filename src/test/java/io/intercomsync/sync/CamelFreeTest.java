package io.intercomsync.sync;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packages that decide stay plain Java: routes wire them, and they are tested without a CamelContext. */
class CamelFreeTest {
    private static final Path SOURCES = Path.of("src/main/java/io/intercomsync");

    @Test
    void theEngineAndWhatARowPassesThroughImportNothingOfCamel() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : List.of("sync", "imports", "mapping", "ledger", "intercom", "singer")) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (Files.readString(f).contains("org.apache.camel")) {
                        offenders.add(SOURCES.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
