package io.intercomsync.config;

/** Whether a secret can travel as an HTTP header value (a bearer token): checked at startup, never printed. */
public final class HeaderValues {
    private HeaderValues() {
    }

    /**
     * Null when {@code value} is printable ASCII without blanks, as a bearer token is; otherwise what is
     * wrong with it, by position only (the value is a secret).
     */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return "contains a line break (character " + (i + 1) + " of " + value.length() + ")";
            }
            if (c == ' ' || c == '\t') {
                return "contains a blank (character " + (i + 1) + " of " + value.length() + ")";
            }
            if (c < 0x21 || c > 0x7e) {
                return "contains a character that is not printable ASCII (character " + (i + 1) + " of " + value.length() + ")";
            }
        }
        return null;
    }
}
