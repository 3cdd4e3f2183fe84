package io.intercomsync.logging;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void masksASecretAsWrittenAndAsJsonCsvAndUrlsQuoteIt() {
        String secret = "tok\"en/with+odd=chars-7781";
        Secrets.register(List.of(secret));
        assertThat(Secrets.mask("Bearer " + secret)).isEqualTo("Bearer ****");
        assertThat(Secrets.mask("{\"message\":\"tok\\\"en/with+odd=chars-7781\"}")).isEqualTo("{\"message\":\"****\"}");
        assertThat(Secrets.mask("\"tok\"\"en/with+odd=chars-7781\"")).isEqualTo("\"****\"");
        assertThat(Secrets.mask("?token=tok%22en%2Fwith%2Bodd%3Dchars-7781")).isEqualTo("?token=****");
    }

    @Test
    void masksEachLineOfASecretWithALineBreakAndIgnoresShortValues() {
        Secrets.register(List.of("first-part-91aa\r\nsecond-part-91bb", "abc"));
        assertThat(Secrets.mask("invalid header value: \"Bearer first-part-91aa")).isEqualTo("invalid header value: \"Bearer ****");
        assertThat(Secrets.mask("second-part-91bb\"")).isEqualTo("****\"");
        assertThat(Secrets.mask("abc")).isEqualTo("abc");
    }

    @Test
    void theConsoleWritersMaskASecretPrintedInPieces() throws Exception {
        Secrets.register(List.of("console-secret-5521"));
        StringWriter text = new StringWriter();
        try (MaskingWriter w = new MaskingWriter(text)) {
            w.write("token: console-se");
            w.write("cret-5521 end\nnext line ");
            w.flush();
        }
        assertThat(text).hasToString("token: **** end\nnext line ");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(new MaskingOutputStream(bytes, StandardCharsets.UTF_8), true, StandardCharsets.UTF_8)) {
            p.print("é console-secret");
            p.println("-5521 ü");
            p.print("no secret");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("é **** ü" + System.lineSeparator() + "no secret");
    }
}
