package io.intercomsync.camel;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Camel Main with the YAML routes of {@code <home>/routes}, the application's properties as
 * placeholders and the given beans in the registry. The only class the commands touch Camel through.
 */
public final class CamelApp implements AutoCloseable {
    private final Main main;

    private CamelApp(Main main) {
        this.main = main;
    }

    public static CamelApp start(Path home, Properties properties, Map<String, Object> beans) {
        Main main = configure(home, properties, beans);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the routes in " + home.resolve("routes") + " cannot start: " + rootMessage(e), e);
        }
        return new CamelApp(main);
    }

    private static Main configure(Path home, Properties properties, Map<String, Object> beans) {
        Main main = new Main();
        Properties initial = new Properties();
        initial.putAll(properties);
        initial.putIfAbsent("camel.main.name", "intercom-sync");
        initial.putIfAbsent("camel.main.routes-include-pattern", routes(home, "shared", "import"));
        initial.putIfAbsent("camel.main.startup-summary-level", "Off");
        initial.putIfAbsent("camel.main.jmx-enabled", "false");
        main.setInitialProperties(initial);
        // Camel Main would also read classpath:application.properties over these properties: with the
        // working directory on the classpath that is our own file, whose blank defaults then win.
        main.setDefaultPropertyPlaceholderLocation("false");
        beans.forEach(main::bind);
        // Main's registry binds beans without handing them the context, as a route's own beans get it
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                beans.values().forEach(bean -> org.apache.camel.CamelContextAware.trySetCamelContext(bean, m.getCamelContext()));
            }
        });
        return main;
    }

    /**
     * The routes of these folders of {@code <home>/routes}, as camel.main.routes-include-pattern takes them:
     * each command loads the folders of what it does (shared, import, watch, target), never a file list.
     */
    public static String routes(Path home, String... folders) {
        StringBuilder b = new StringBuilder();
        for (String folder : folders) {
            b.append(b.length() == 0 ? "" : ",").append("file:").append(home.resolve("routes").resolve(folder).toAbsolutePath()).append("/*.yaml");
        }
        return b.toString();
    }

    /**
     * Runs until the JVM is asked to stop (SIGTERM, Ctrl-C): Camel then stops taking new work, lets
     * what is in flight finish within camel.main.shutdown-timeout, and returns. {@code afterStart}
     * gets a lookup into Camel's registry once everything runs.
     */
    public static void runUntilStopped(Path home, Properties properties, Map<String, Object> beans,
                                       java.util.function.Consumer<java.util.function.Function<Class<?>, Object>> afterStart) {
        runUntilStopped(home, properties, beans, afterStart, null);
    }

    /** As above; an endpoint Camel refuses to create (an unknown option in source.uri) goes to {@code refusedEndpoint}. */
    public static void runUntilStopped(Path home, Properties properties, Map<String, Object> beans,
                                       java.util.function.Consumer<java.util.function.Function<Class<?>, Object>> afterStart,
                                       java.util.function.Function<String, RuntimeException> refusedEndpoint) {
        Main main = configure(home, properties, beans);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                afterStart.accept(type -> m.getCamelContext().getRegistry().findSingleByType(type));
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            org.apache.camel.ResolveEndpointFailedException refused = find(e, org.apache.camel.ResolveEndpointFailedException.class);
            if (refused != null && refusedEndpoint != null) {
                throw refusedEndpoint.apply(refused.getMessage());
            }
            throw new IllegalStateException("the daemon stopped: " + rootMessage(e), e);
        }
    }

    /**
     * Creates the endpoint {@code uri} without consuming from it, so that a URI Camel refuses (an unknown
     * option) stops a one-shot run at startup; the refusal's message goes to {@code refused}.
     */
    public void checkEndpoint(String uri, java.util.function.Function<String, RuntimeException> refused) {
        try {
            main.getCamelContext().getEndpoint(uri);
        } catch (org.apache.camel.ResolveEndpointFailedException e) {
            throw refused.apply(e.getMessage());
        }
    }

    /** Sends {@code body} to {@code uri} and returns the reply; a failure is rethrown as it was raised. */
    public <T> T request(String uri, Object body, Class<T> type) throws Exception {
        Exchange reply = main.getCamelTemplate().send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody(body));
        Exception failure = reply.getException();
        if (failure != null) {
            throw failure;
        }
        return reply.getMessage().getBody(type);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping after the work is done; nothing left to save
        }
    }
}
