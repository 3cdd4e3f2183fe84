package io.intercomsync.source;

/** An object's address, {@code s3://bucket/key}, as --file takes it and reports name it. */
public record S3Uri(String bucket, String key) {
    public static final String SCHEME = "s3://";

    public static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses {@code s3://bucket/key}; both parts are required. */
    public static S3Uri parse(String location) {
        if (!isS3(location)) {
            throw new SourceException("'" + location + "' is not an S3 address: use s3://bucket/key");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new SourceException("'" + location + "' must name a bucket and a key: s3://bucket/key");
        }
        return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
