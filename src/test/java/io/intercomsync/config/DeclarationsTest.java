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
    void thePackagedDeclarationsAreTheProjectsApplicationProperties() throws Exception {
        assertThat(Declarations.packaged().keys())
                .isEqualTo(Declarations.parse(Files.readString(Path.of("application.properties"))).keys());
    }
}
