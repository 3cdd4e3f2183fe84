package io.intercomsync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeclarationsTest {
    @Test
    void readsTypeRangeAndSecrecyFromTheLineAboveEachKey() {
        Declarations d = Declarations.parse("""
                # a comment
                #= whole 1..10
                a.count=3
                b.name=hello
                #= flag
                c.on=false
                # Secret, and blank: no default
                #= secret
                d.token=
                """);
        assertThat(d.key("a.count")).isEqualTo(new Declarations.Key("a.count", "3", Declarations.Type.WHOLE, 1, 10, false));
        assertThat(d.key("b.name").type()).isEqualTo(Declarations.Type.TEXT);
        assertThat(d.key("c.on").type()).isEqualTo(Declarations.Type.FLAG);
        assertThat(d.key("d.token").defaultValue()).isNull();
        assertThat(d.secretKeys()).containsExactly("d.token");
    }

    @Test
    void refusesADeclarationItCannotRead() {
        assertThatThrownBy(() -> Declarations.parse("#= whole\nx=1\n")).hasMessageContaining("needs a range");
        assertThatThrownBy(() -> Declarations.parse("#= number 1..2\nx=1\n")).hasMessageContaining("'number'");
        assertThatThrownBy(() -> Declarations.parse("#= whole 1..2\nx=3\n")).hasMessage("the default of x=3 is out of range (1 to 2)");
        assertThatThrownBy(() -> Declarations.parse("#= flag\n\nx=true\n")).hasMessageContaining("not followed by the key");
    }

    @Test
    void refusesADeclarationThatWouldFallOnAnotherKey() {
        // above a commented-out key, the range fell on the next key below, which took it without a word
        assertThatThrownBy(() -> Declarations.parse("#= whole 0..65535\n#camel.management.port=8080\ncsv.max-row-chars=5\n"))
                .hasMessage("'#= whole 0..65535' is not followed by the key it declares but by '#camel.management.port=8080',"
                        + " a commented-out key");
        // last in the file: dropped without a word before
        assertThatThrownBy(() -> Declarations.parse("x=1\n#= secret\n")).hasMessageContaining("not followed by the key");
        // a comment between the declaration and its key is still fine
        assertThat(Declarations.parse("#= flag\n# on or off\nx=true\n").key("x").type()).isEqualTo(Declarations.Type.FLAG);
    }

    @Test
    void refusesAKeyDeclaredTwiceOrOverTwoLines() {
        assertThatThrownBy(() -> Declarations.parse("#= whole 1..5\na=1\na=x\n")).hasMessage("a is declared twice");
        // read a line at a time, "2" became a key of its own, accepted in every file
        assertThatThrownBy(() -> Declarations.parse("a=1,\\\n  2\n")).hasMessageContaining("goes on to the next line");
        assertThat(Declarations.parse("a=C:\\\\\n").key("a").defaultValue()).isEqualTo("C:\\");
    }

    @Test
    void thePackagedDeclarationsAreTheProjectsApplicationProperties() throws Exception {
        assertThat(Declarations.packaged().keys())
                .isEqualTo(Declarations.parse(Files.readString(Path.of("application.properties"))).keys());
    }
}
