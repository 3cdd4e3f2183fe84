package io.intercomsync.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A source whose files are polled by the routes from a Camel endpoint (source.uri): the one-shot run
 * enriches from it, watch mode consumes it. What is left for this class is what the routes do not do:
 * naming the source in reports, and {@code --file}, which names a local file.
 */
public final class EndpointSource implements Source {
    private final EndpointUri uri;
    private final String noMatch;

    public EndpointSource(EndpointUri uri, TimestampedName names) {
        this.uri = uri;
        this.noMatch = "no complete file matching '" + names.description() + "' at " + uri.location()
                + " (a file still being written is not taken: see source.stable-ms and source.done-marker)";
    }

    /** Never called: the routes poll the endpoint, so there is no listing of ours to ask. */
    @Override
    public List<SourceFile> matching() {
        throw new SourceException("source.uri=" + uri.location() + " is polled by its Camel endpoint, not listed");
    }

    @Override
    public SourceFile named(String location) {
        if (location.contains("://")) {
            throw new SourceException("--file " + EndpointUri.mask(location) + ": with source.uri, --file names a local file");
        }
        return new LocalFile(Path.of(location));
    }

    @Override
    public String location() {
        return uri.location();
    }

    /** Failures of the endpoint itself (a refused login, a missing folder) as one sentence; the rest as they are. */
    @Override
    public String describe(Exception failure) {
        if (failure instanceof SourceException || hasCamelFileCause(failure)) {
            return failure instanceof SourceException ? failure.getMessage() : EndpointErrors.describe(failure, uri);
        }
        return io.intercomsync.report.Messages.of(failure);
    }

    private static boolean hasCamelFileCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("org.apache.camel.component.file")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String noMatchMessage() {
        return noMatch;
    }
}
