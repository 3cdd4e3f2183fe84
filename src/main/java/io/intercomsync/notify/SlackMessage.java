package io.intercomsync.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The JSON posted to a Slack incoming webhook: a headline as {@code text}, and for an ended run one
 * attachment coloured {@code good} (every row done), {@code warning} (some rows failed) or
 * {@code danger} (the run failed), with the counts, the duration and where the errors CSV is.
 */
public final class SlackMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {
    }

    public static String json(Notice n, NotifySettings.Slack s) {
        ObjectNode root = JSON.createObjectNode();
        putIfSet(root, "channel", s.channel());
        putIfSet(root, "username", s.username());
        putIfSet(root, "icon_url", s.iconUrl());
        putIfSet(root, "icon_emoji", s.iconEmoji());
        root.put("text", escape(n.headline()));
        if (n.report() != null) {
            ObjectNode a = root.putArray("attachments").addObject();
            a.put("fallback", escape(n.headline() + ": " + n.counts()));
            a.put("color", color(n.outcome()));
            if (n.outcome() == Notice.Outcome.FAILED) {
                a.put("title", "Why it failed");
                a.put("text", escape(n.error()));
            }
            ArrayNode fields = a.putArray("fields");
            field(fields, "Created", Long.toString(n.report().created()), true);
            field(fields, "Updated", Long.toString(n.report().updated()), true);
            field(fields, "Unchanged", Long.toString(n.report().unchanged()), true);
            if (n.report().skipped() > 0) {
                field(fields, "Skipped", Long.toString(n.report().skipped()), true);
            }
            field(fields, "Failed", Long.toString(n.report().failed()), true);
            if (n.report().archived() != null && n.report().archived() > 0) {
                field(fields, "Archived", Long.toString(n.report().archived()), true);
            }
            field(fields, "Duration", n.duration(), true);
            field(fields, "Rows", Long.toString(n.report().rows()), true);
            if (n.errorsFile() != null) {
                field(fields, "Failed rows are in", n.errorsFile(), false);
            }
            field(fields, "Source", n.source() == null ? "(no file)" : n.source(), false);
            a.put("footer", "intercom-sync");
            a.put("ts", parseSeconds(n.report().finishedAt()));
        }
        return root.toString();
    }

    /** Slack's attachment colours by outcome; a start has no attachment. */
    public static String color(Notice.Outcome o) {
        return switch (o) {
            case STARTED -> "#439FE0";
            case SUCCEEDED -> "good";
            case ROWS_FAILED -> "warning";
            case FAILED -> "danger";
        };
    }

    private static void field(ArrayNode fields, String title, String value, boolean isShort) {
        fields.addObject().put("title", title).put("value", escape(value)).put("short", isShort);
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null && !value.isBlank()) {
            o.put(name, value);
        }
    }

    /** Slack reads &, < and > in text as markup: a file name or an error message must not be. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static long parseSeconds(String instant) {
        try {
            return Instant.parse(instant).getEpochSecond();
        } catch (RuntimeException e) {
            return Instant.now().getEpochSecond();
        }
    }
}
