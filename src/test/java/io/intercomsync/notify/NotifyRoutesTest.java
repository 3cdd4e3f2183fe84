package io.intercomsync.notify;

import io.intercomsync.report.RunReport;
import io.intercomsync.testing.RecordingHttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The notify routes alone: the exchange that calls them comes back as it went in, whatever the notifiers did. */
class NotifyRoutesTest {
    private RecordingHttpServer slack;
    private RecordingHttpServer hipchat;
    private Main main;

    @BeforeEach
    void start() throws Exception {
        slack = RecordingHttpServer.start();
        hipchat = RecordingHttpServer.start().answer(204, null);
        main = start(NotifySettings.Slack.webhook(slack.url() + "/services/T/B/s3cr3t", null, null, null, null));
    }

    private Main start(NotifySettings.Slack slackSettings) throws Exception {
        NotifySettings settings = new NotifySettings(Optional.of(slackSettings),
                Optional.of(new NotifySettings.HipChat(hipchat.url(), "42", "hc-tok-1", "intercom-sync")), 1000, 2);
        Main main = new Main();
        Properties p = new Properties();
        Path routes = Path.of("routes").toAbsolutePath();
        p.setProperty("camel.main.routes-include-pattern", "file:" + routes.resolve("import/notify.yaml") + ",file:"
                + routes.resolve("import/notify-error-handling.yaml") + ",file:" + routes.resolve("shared/error-handling.yaml"));
        p.setProperty("camel.main.jmx-enabled", "false");
        p.setProperty("notify.timeout-ms", "1000");
        p.setProperty("notify.max-attempts", "2");
        p.setProperty("notify.max-redeliveries", "1");
        p.setProperty("intercom.max-redeliveries", "0");
        p.setProperty("intercom.retry-delay-ms", "10");
        p.setProperty("intercom.max-retry-delay-ms", "10");
        main.setInitialProperties(p);
        main.bind("notifications", new Notifications(settings));
        main.start();
        return main;
    }

    @AfterEach
    void stop() throws Exception {
        main.stop();
        slack.close();
        hipchat.close();
    }

    @Test
    void theCallersBodyAndHeadersComeBackUntouchedWhetherTheNotifiersAnsweredOrNot() throws Exception {
        RunReport report = new RunReport(RunReport.SUCCEEDED, "in/users.csv", false, 1, 1, 0, 0, 0, 0, 2, 1, 0, 0,
                "2026-11-01T09:00:00Z", "2026-11-01T09:00:01Z", 1000, null, null);
        for (int status : new int[]{200, 500}) {
            slack.answer(status, "x");
            Exchange reply = main.getCamelTemplate().send("direct:notify-end", ExchangePattern.InOut, e -> {
                e.getMessage().setBody(report);
                e.getMessage().setHeader("Mine", "kept");
            });
            assertThat(reply.getException()).isNull();
            assertThat(reply.getMessage().getBody()).isSameAs(report);
            assertThat(reply.getMessage().getHeaders()).containsOnlyKeys("Mine");
            assertThat(reply.getProperties()).doesNotContainKeys("notifier");
        }
        assertThat(hipchat.requests()).hasSize(2);
        assertThat(slack.requests()).hasSize(1 + 2); // 200, then 500 and its one retry
    }

    @Test
    void aWebApiRefusalIsHandledInTheNotifyRoutesAndNeverReachesTheCaller() throws Exception {
        main.stop();
        main = start(NotifySettings.Slack.webApi("xoxb-routes-1", slack.url(), "#imports", null, null, null));
        RunReport report = new RunReport(RunReport.SUCCEEDED, "in/users.csv", false, 1, 1, 0, 0, 0, 0, 2, 1, 0, 0,
                "2026-11-01T09:00:00Z", "2026-11-01T09:00:01Z", 1000, null, null);
        for (String answer : new String[]{"{\"ok\":true}", "{\"ok\":false,\"error\":\"channel_not_found\"}", "not json"}) {
            slack.answer(200, answer);
            Exchange reply = main.getCamelTemplate().send("direct:notify-end", ExchangePattern.InOut, e -> e.getMessage().setBody(report));
            assertThat(reply.getException()).as(answer).isNull();
            assertThat(reply.getMessage().getBody()).isSameAs(report);
        }
        // each answer once: a refusal is not asked again
        assertThat(slack.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/chat.postMessage");
            assertThat(r.header("Authorization")).isEqualTo("Bearer xoxb-routes-1");
        });
    }
}
