/**
 * Start, end and error notifications of an import, for Slack (incoming webhook, or the Web API's
 * chat.postMessage with a bot token) and HipChat (v2 room notification). Plain Java, no Camel:
 * {@link io.intercomsync.notify.NotifySettings} validates the {@code notify.*} keys,
 * {@link io.intercomsync.notify.SlackMessage} and {@link io.intercomsync.notify.HipChatMessage} build
 * the JSON a person reads at a glance, and {@link io.intercomsync.notify.Notifications} is the bean the
 * {@code notify-*} routes call. The routes (routes/import/notify.yaml) do the HTTP, the retries and the
 * multicast to every notifier that is on.
 */
package io.intercomsync.notify;
