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
 * secret (the Slack webhook URL or token, the HipChat token). A notifier is on when its URL is set
 * (Slack's: the webhook URL, or the token for the Web API).
 *
 * @param timeoutMs   connect and answer timeout of one notification attempt
 * @param maxAttempts attempts per notification in all (first try + retries) when a notifier is down or slow
 */
public record NotifySettings(Optional<Slack> slack, Optional<HipChat> hipChat, long timeoutMs, int maxAttempts) {
    /** HipChat's limit on the sender label. */
    public static final int HIPCHAT_FROM_MAX = 15;

    /**
     * Slack, by one of two paths: an incoming webhook ({@code webhookUrl}), or the Web API's
     * {@code chat.postMessage} with a bot token ({@code token}, at {@code apiUrl}); exactly one of the two
     * is set. Only the Web API honours channel, username and icon for a Slack app; the optional fields are
     * left out of the payload when empty.
     */
    public record Slack(String webhookUrl, String token, String apiUrl, String channel, String username,
                        String iconUrl, String iconEmoji) {
        public static Slack webhook(String webhookUrl, String channel, String username, String iconUrl, String iconEmoji) {
            return new Slack(webhookUrl, null, null, channel, username, iconUrl, iconEmoji);
        }

        public static Slack webApi(String token, String apiUrl, String channel, String username, String iconUrl, String iconEmoji) {
            return new Slack(null, token, stripSlash(apiUrl), channel, username, iconUrl, iconEmoji);
        }

        /** Whether messages go through the Web API (a bot token) rather than an incoming webhook. */
        public boolean webApi() {
            return token != null;
        }

        /** Where a message is posted: chat.postMessage under the API URL, or the webhook URL itself. */
        public String postUrl() {
            return webApi() ? apiUrl + "/api/chat.postMessage" : webhookUrl;
        }

        @Override
        public String toString() {
            return "Slack[" + (webApi() ? "token=****, apiUrl=" + apiUrl : "webhookUrl=****") + ", channel=" + channel
                    + ", username=" + username + ", iconUrl=" + iconUrl + ", iconEmoji=" + iconEmoji + "]";
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
        Optional<Slack> slack = slack(c);
        Optional<HipChat> hipChat = Optional.empty();
        String url = c.text("notify.hipchat.url");
        if (url != null) {
            requireSafeUrl("notify.hipchat.url", url, false);
            String room = c.text("notify.hipchat.room");
            if (room == null) {
                throw new ConfigException("notify.hipchat.room is not set: it is needed when notify.hipchat.url is set (a room id or name)");
            }
            String token = c.text("notify.hipchat.token");
            if (token == null) {
                throw new ConfigException("notify.hipchat.token is not set: it is needed when notify.hipchat.url is set (a room notification token)");
            }
            String unfit = io.intercomsync.config.HeaderValues.problem(token);
            if (unfit != null) {
                throw new ConfigException("notify.hipchat.token " + unfit + ", so it cannot be sent in a header; the token itself is not shown");
            }
            String from = c.text("notify.hipchat.from");
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
                c.whole("notify.timeout-ms"),
                c.integer("notify.max-attempts"));
    }

    private static Optional<Slack> slack(AppConfig c) {
        String webhook = c.text("notify.slack.webhook-url");
        String token = c.text("notify.slack.token");
        if (webhook == null && token == null) {
            return Optional.empty();
        }
        if (webhook != null && token != null) {
            throw new ConfigException("notify.slack.webhook-url and notify.slack.token are both set: set one"
                    + " (the token posts through Slack's Web API, the webhook URL to an incoming webhook)");
        }
        String channel = c.text("notify.slack.channel");
        String username = c.text("notify.slack.username");
        String iconUrl = c.text("notify.slack.icon-url");
        if (iconUrl != null) {
            requireSafeUrl("notify.slack.icon-url", iconUrl, false);
        }
        String emoji = c.text("notify.slack.icon-emoji");
        if (emoji != null && !emoji.matches(":?[a-z0-9_+'-]+:?")) {
            throw new ConfigException("notify.slack.icon-emoji=" + emoji + " is not an emoji name like :inbox_tray:");
        }
        if (emoji != null) {
            emoji = ":" + emoji.replaceAll("^:|:$", "") + ":";
        }
        if (webhook != null) {
            requireSafeUrl("notify.slack.webhook-url", webhook, true);
            return Optional.of(Slack.webhook(webhook, channel, username, iconUrl, emoji));
        }
        if (!token.matches("\\S+")) {
            throw new ConfigException("notify.slack.token has spaces or line breaks in it: set the token alone (xoxb-...)");
        }
        if (channel == null) {
            throw new ConfigException("notify.slack.channel is not set: it is needed when notify.slack.token is set"
                    + " (a channel name like #data-imports, or a channel id like C0123456789)");
        }
        String apiUrl = c.text("notify.slack.api-url");
        requireSafeUrl("notify.slack.api-url", apiUrl, false);
        if (!isSecure(URI.create(apiUrl))) {
            throw new ConfigException("notify.slack.api-url '" + apiUrl + "' must use https (plain http is allowed for loopback addresses only): the token travels with every notification");
        }
        return Optional.of(Slack.webApi(token, apiUrl, channel, username, iconUrl, emoji));
    }

    /** The values that must never appear in a log line, a notification or an error. */
    public List<String> secrets() {
        List<String> s = new ArrayList<>();
        slack.ifPresent(sl -> {
            if (sl.webApi()) {
                s.add(sl.token());
                return;
            }
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
