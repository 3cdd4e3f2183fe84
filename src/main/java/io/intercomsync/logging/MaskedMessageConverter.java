package io.intercomsync.logging;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code %maskedMessage} in a log4j2 pattern: the message and, if any, the exception's stack trace,
 * with every registered secret replaced by {@code ****} (see {@link Secrets}). Patterns using it set
 * {@code alwaysWriteExceptions="false"} so the stack trace is written only once, masked.
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMessage"})
public final class MaskedMessageConverter extends LogEventPatternConverter {

    private MaskedMessageConverter() {
        super("maskedMessage", "maskedMessage");
    }

    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder out) {
        out.append(Secrets.mask(event.getMessage().getFormattedMessage()));
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            out.append(System.lineSeparator()).append(Secrets.mask(trace.toString().stripTrailing()));
        }
    }
}
