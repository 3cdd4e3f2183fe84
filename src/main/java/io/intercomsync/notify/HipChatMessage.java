package io.intercomsync.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HipChat v2 room notification: {@code POST {url}/v2/room/{room}/notification} with
 * {@code {color, message, notify, message_format, from}}. Yellow at the start, green when every row
 * was done; red when the run failed, and red as well when some rows failed: both need a person to
 * look (at the error, or at the errors CSV), and a red message with {@code notify: true} is the one
 * HipChat makes people see. The message is plain text, so a file name is never read as HTML.
 */
public final class HipChatMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HipChatMessage() {
    }

    public static String url(NotifySettings.HipChat h) {
        String room = URLEncoder.encode(h.room(), StandardCharsets.UTF_8).replace("+", "%20");
        return h.url() + "/v2/room/" + room + "/notification";
    }

    public static String json(Notice n, NotifySettings.HipChat h) {
        ObjectNode root = JSON.createObjectNode();
        root.put("color", color(n.outcome()));
        root.put("message", message(n));
        root.put("notify", alerts(n.outcome()));
        root.put("message_format", "text");
        root.put("from", h.from());
        return root.toString();
    }

    public static String color(Notice.Outcome o) {
        return switch (o) {
            case STARTED -> "yellow";
            case SUCCEEDED -> "green";
            case ROWS_FAILED, FAILED -> "red";
        };
    }

    /** Whether HipChat alerts the room's members: only when someone has to act. */
    static boolean alerts(Notice.Outcome o) {
        return o == Notice.Outcome.ROWS_FAILED || o == Notice.Outcome.FAILED;
    }

    static String message(Notice n) {
        StringBuilder m = new StringBuilder(n.headline());
        if (n.report() != null) {
            m.append(n.outcome() == Notice.Outcome.FAILED ? " (" : ": ").append(n.counts());
            if (n.outcome() == Notice.Outcome.FAILED) {
                m.append(')');
            }
            if (n.errorsFile() != null) {
                m.append("; failed rows are in ").append(n.errorsFile());
            }
            m.append('.');
        }
        return m.toString();
    }
}
