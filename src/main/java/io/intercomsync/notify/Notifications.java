package io.intercomsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intercomsync.logging.Secrets;
import io.intercomsync.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The bean the {@code notify-*} routes call (bound as {@code notifications}): which notifiers are on,
 * the URL, headers and body of each notification, and the one WARN line when a notifier could not be
 * reached. Never throws into the import: a notification is worth less than the run it reports on.
 */
public final class Notifications {
    public static final String SLACK = "slack";
    public static final String HIPCHAT = "hipchat";
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifySettings settings;
    private final List<String> secrets;

    public Notifications(NotifySettings settings) {
        this.settings = settings;
        this.secrets = settings.secrets();
    }

    public NotifySettings settings() {
        return settings;
    }

    public Notice started(String source, boolean dryRun) {
        return Notice.started(source, dryRun);
    }

    public Notice ended(RunReport report) {
        return Notice.ended(report);
    }

    /** A new run: no notifier has failed yet. */
    public NotifiersDown newRun() {
        return new NotifiersDown();
    }

    /** Whether this notification goes to {@code notifier}: it is on, and has not failed earlier in the run. */
    public boolean sends(String notifier, NotifiersDown down) {
        boolean on = switch (notifier) {
            case SLACK -> settings.slack().isPresent();
            case HIPCHAT -> settings.hipChat().isPresent();
            default -> false;
        };
        return on && (down == null || !down.contains(notifier));
    }

    /** The webhook URL, or chat.postMessage under notify.slack.api-url. A secret either way: a header, never a URI. */
    public String slackUrl() {
        return settings.slack().orElseThrow().postUrl();
    }

    /** Whether Slack is reached through its Web API with a bot token (else: an incoming webhook). */
    public boolean slackWebApi() {
        return settings.slack().map(NotifySettings.Slack::webApi).orElse(false);
    }

    public String slackAuthorization() {
        return "Bearer " + settings.slack().orElseThrow().token();
    }

    public String slackBody(Notice notice) {
        return mask(SlackMessage.json(notice, settings.slack().orElseThrow()));
    }

    /**
     * Reads Slack's answer to a post that got HTTP 2xx. An incoming webhook's answer says nothing more; the
     * Web API answers {@code {"ok": false, "error": "..."}} when it refuses the message, and that is thrown
     * as {@link SlackRefusedException} for the error handler's one WARN line.
     */
    public void slackAnswered(String body) {
        if (!slackWebApi()) {
            return;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("ok").isBoolean()) {
            throw new SlackRefusedException(SlackRefusedException.NOT_AN_ANSWER);
        }
        if (!answer.path("ok").asBoolean()) {
            String error = answer.path("error").asText("").replaceAll("[^A-Za-z0-9_.]", "");
            throw new SlackRefusedException(error.isEmpty() ? "an unnamed error" : error);
        }
    }

    /** Slack's Web API refused the message; it is not asked again in this run. */
    public void slackRefused(Notice notice, SlackRefusedException e, NotifiersDown down) {
        LOG.warn("{}", notSent(SLACK, notice, slackApiReason(e.error()), 1, down));
    }

    /** What Slack's error code means for the person reading the log, naming the key to check. */
    String slackApiReason(String error) {
        String channel = settings.slack().map(NotifySettings.Slack::channel).orElse("the channel");
        if (SlackRefusedException.NOT_AN_ANSWER.equals(error)) {
            return "the answer was not Slack's Web API's (JSON with \"ok\"): check notify.slack.api-url";
        }
        return "Slack's Web API answered " + error + switch (error) {
            case "channel_not_found" -> ": the app sees no channel " + channel
                    + " (check notify.slack.channel; invite the app to a private channel)";
            case "not_in_channel" -> ": the app is not a member of " + channel
                    + " (invite it, or give it the chat:write.public scope)";
            case "is_archived" -> ": " + channel + " is archived (check notify.slack.channel)";
            case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive" ->
                    ": Slack did not accept the token (check notify.slack.token)";
            case "missing_scope" -> ": the token lacks the chat:write scope (add it to the app and reinstall it)";
            case "restricted_action" -> ": the workspace does not let this app post to " + channel;
            case "ratelimited" -> " (rate-limited)";
            default -> "";
        };
    }

    public String hipChatUrl() {
        return HipChatMessage.url(settings.hipChat().orElseThrow());
    }

    public String hipChatAuthorization() {
        return "Bearer " + settings.hipChat().orElseThrow().token();
    }

    public String hipChatBody(Notice notice) {
        return mask(HipChatMessage.json(notice, settings.hipChat().orElseThrow()));
    }

    /**
     * The notifier answered with an HTTP error status: after {@code attempts} in all for 429 and 5xx,
     * at once for anything else.
     */
    public void refused(String notifier, Notice notice, int status, int attempts, NotifiersDown down) {
        String why = "HTTP " + status + switch (status) {
            case 401, 403 -> HIPCHAT.equals(notifier) ? " (check notify.hipchat.token)"
                    : slackWebApi() ? " (check notify.slack.token)" : " (check notify.slack.webhook-url)";
            case 404 -> HIPCHAT.equals(notifier) ? " (check notify.hipchat.url and notify.hipchat.room)"
                    : slackWebApi() ? " (check notify.slack.api-url)" : " (check notify.slack.webhook-url and notify.slack.channel)";
            case 429 -> " (rate-limited)";
            default -> "";
        };
        LOG.warn("{}", notSent(notifier, notice, why, attempts, down));
    }

    /** The notifier could not be reached or did not answer in time, after {@code attempts} in all. */
    public void unreachable(String notifier, Notice notice, Exception cause, int attempts, NotifiersDown down) {
        LOG.warn("{}", notSent(notifier, notice, describe(cause), attempts, down));
    }

    /** Marks the notifier down for the rest of the run; returns the WARN line, secrets masked. */
    String notSent(String notifier, Notice notice, String why, int attempts, NotifiersDown down) {
        String event = notice == null ? "a" : "the " + notice.event();
        boolean more = notice != null && notice.outcome() == Notice.Outcome.STARTED && down != null;
        if (down != null) {
            down.add(notifier);
        }
        return mask(display(notifier) + ": " + event + " notification was not sent: " + why
                + (attempts > 1 ? " after " + attempts + " attempts" : "")
                + (more ? "; no more notifications go to " + display(notifier) + " in this run" : "")
                + ". The import goes on.");
    }

    String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof java.io.IOException)) {
            t = t.getCause();
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return "cannot connect (" + (t.getMessage() == null ? "connection refused" : t.getMessage()) + ")";
        }
        if (t instanceof InterruptedIOException) {
            return "no answer within " + settings.timeoutMs() + " ms";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip().replaceAll("\\s+", " "));
    }

    private static String display(String notifier) {
        return switch (notifier == null ? "" : notifier) {
            case SLACK -> "Slack";
            case HIPCHAT -> "HipChat";
            default -> "notifier " + notifier;
        };
    }

    /** Replaces every secret (the webhook URL and its path, the token, and every secret of the process) with ****. */
    String mask(String text) {
        String out = Secrets.mask(text);
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }
}
