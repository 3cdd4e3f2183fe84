package io.intercomsync.notify;

/**
 * Slack's Web API took the request and refused the message: HTTP 200 with {@code "ok": false} and an
 * error code ({@code channel_not_found}, {@code invalid_auth}...). Asking again gets the same answer.
 */
public final class SlackRefusedException extends RuntimeException {
    /** The answer was not the Web API's at all: a 2xx without JSON and its {@code ok} field. */
    public static final String NOT_AN_ANSWER = "not_a_web_api_answer";

    private final String error;

    public SlackRefusedException(String error) {
        super("Slack's Web API answered " + error);
        this.error = error;
    }

    /**
     * Slack's error code with anything but letters, digits, '_' and '.' taken out; "an unnamed error" when
     * Slack sent none; {@link #NOT_AN_ANSWER} when the answer was not the Web API's.
     */
    public String error() {
        return error;
    }
}
