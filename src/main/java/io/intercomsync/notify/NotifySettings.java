package io.intercomsync.notify;

import io.intercomsync.config.Urls;
import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notify.*} keys, validated once at startup; every error names its key and never prints a
 * secret (the Slack webhook URL, the HipChat token). A notifier is on when its URL is set.
 *
 * @param timeoutMs   connect and answer timeout of one notification attempt
 * @param maxAttempts attempts per notification in all (first try + retries) when a notifier is down or slow
 */
public record NotifySettings(Optional<Slack> slack, Optional<HipChat> hipChat, long timeoutMs, int maxAttempts) {
    /** HipChat's limit on the sender label. */
    public static final int HIPCHAT_FROM_MAX = 15;
    static final String DEFAULT_FROM = "intercom-sync";

    /** Slack incoming webhook; the optional fields are left out of the payload when empty. */
    public record Slack(String webhookUrl, String channel, String username, String iconUrl, String iconEmoji) {
        @Override
        public String toString() {
            return "Slack[webhookUrl=****, channel=" + channel + ", username=" + username + ", iconUrl=" + iconUrl
                    + ", iconEmoji=" + iconEmoji + "]";
        }
    }

    /** HipChat v2 room notification: POST {url}/v2/room/{room}/notification with the token as bearer. */
    public record HipChat(String url, String room, String token, String from) {
        @Override
        public String toString() {
            return "HipChat[url=" + url + ", room=" + room + ", token=****, from=" + from + "]";
        }
    }

    public static NotifySettings none() {
        return new NotifySettings(Optional.empty(), Optional.empty(), 2000, 3);
    }

    public static NotifySettings from(AppConfig c) {
        Optional<Slack> slack = Optional.empty();
        String webhook = c.string("notify.slack.webhook-url", null);
        if (webhook != null) {
            requireSafeUrl("notify.slack.webhook-url", webhook, true);
            String iconUrl = c.string("notify.slack.icon-url", null);
            if (iconUrl != null) {
                requireSafeUrl("notify.slack.icon-url", iconUrl, false);
            }
            String emoji = c.string("notify.slack.icon-emoji", null);
            if (emoji != null && !emoji.matches(":?[a-z0-9_+'-]+:?")) {
                throw new ConfigException("notify.slack.icon-emoji=" + emoji + " is not an emoji name like :inbox_tray:");
            }
            if (emoji != null) {
                emoji = ":" + emoji.replaceAll("^:|:$", "") + ":";
            }
            slack = Optional.of(new Slack(webhook, c.string("notify.slack.channel", null),
                    c.string("notify.slack.username", null), iconUrl, emoji));
        }
        Optional<HipChat> hipChat = Optional.empty();
        String url = c.string("notify.hipchat.url", null);
        if (url != null) {
            requireSafeUrl("notify.hipchat.url", url, false);
            String room = c.string("notify.hipchat.room", null);
            if (room == null) {
                throw new ConfigException("notify.hipchat.room is not set: it is needed when notify.hipchat.url is set (a room id or name)");
            }
            String token = c.string("notify.hipchat.token", null);
            if (token == null) {
                throw new ConfigException("notify.hipchat.token is not set: it is needed when notify.hipchat.url is set (a room notification token)");
            }
            String unfit = io.intercomsync.config.HeaderValues.problem(token);
            if (unfit != null) {
                throw new ConfigException("notify.hipchat.token " + unfit + ", so it cannot be sent in a header; the token itself is not shown");
            }
            String from = c.string("notify.hipchat.from", DEFAULT_FROM);
            int length = from.codePointCount(0, from.length());
            if (length > HIPCHAT_FROM_MAX) {
                throw new ConfigException("notify.hipchat.from='" + from + "' is " + length
                        + " characters: HipChat allows 1 to " + HIPCHAT_FROM_MAX);
            }
            if (!isSecure(URI.create(url))) {
                throw new ConfigException("notify.hipchat.url '" + url + "' must use https (plain http is allowed for loopback addresses only): the token travels with every notification");
            }
            hipChat = Optional.of(new HipChat(stripSlash(url), room, token, from));
        }
        return new NotifySettings(slack, hipChat,
                c.number("notify.timeout-ms", 2000, 100, 60_000),
                (int) c.number("notify.max-attempts", 3, 1, 10));
    }

    /** The values that must never appear in a log line, a notification or an error. */
    public List<String> secrets() {
        List<String> s = new ArrayList<>();
        slack.ifPresent(sl -> {
            s.add(sl.webhookUrl());
            URI u = URI.create(sl.webhookUrl());
            if (u.getRawPath() != null && u.getRawPath().length() > 1) {
                s.add(u.getRawPath()); // the path is the secret part of a Slack webhook URL
            }
        });
        hipChat.ifPresent(h -> s.add(h.token()));
        return s;
    }

    private static void requireSafeUrl(String key, String value, boolean secret) {
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + (secret ? " is not a valid URL" : "='" + value + "' is not a valid URL"));
        }
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new ConfigException(key + (secret ? " is not an absolute http(s) URL" : "='" + value + "' is not an absolute http(s) URL"));
        }
        if (secret && !isSecure(u)) {
            // The webhook URL is the credential: plain HTTP only when it never leaves the machine.
            throw new ConfigException(key + " must use https (plain http is allowed for loopback addresses only)");
        }
    }

    private static boolean isSecure(URI u) {
        return "https".equals(u.getScheme()) || Urls.isLoopback(u.getHost());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
