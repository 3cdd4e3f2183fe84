package io.intercomsync.source;

import software.amazon.awssdk.core.exception.SdkException;

import java.io.InputStream;

/** One object in a bucket; read as a stream straight from S3, never copied to disk or memory first. */
public final class S3File implements SourceFile {
    private final S3Calls calls;
    private final S3Uri uri;
    private final String region;
    private final String version; // the ETag the listing showed, or null

    S3File(S3Calls calls, S3Uri uri, String region) {
        this(calls, uri, region, null);
    }

    S3File(S3Calls calls, S3Uri uri, String region, String version) {
        this.calls = calls;
        this.uri = uri;
        this.region = region;
        this.version = version;
    }

    /**
     * The object's ETag as it was listed: an object written again under the same key has another. An
     * object appears whole, so this does not change while it is read.
     */
    @Override
    public String version() {
        return version;
    }

    public S3Uri uri() {
        return uri;
    }

    @Override
    public String name() {
        return uri.toString();
    }

    /** The object's body as S3 sends it: the SDK's response stream, which the caller closes. */
    @Override
    public InputStream open() {
        try {
            return calls.get(uri);
        } catch (SdkException e) {
            throw S3Errors.of(e, "read " + uri, uri.bucket(), uri.key(), region);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
