package io.intercomsync.source;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code source.s3.*} keys, validated; every error names its key. Credentials are not among them:
 * they come from the AWS default chain (environment, profile, web identity), never from this file.
 *
 * @param bucket       the bucket the import files are in
 * @param prefix       the folder within it, as {@link S3Keys#folder}: empty or ending in {@code /}
 * @param region       the bucket's region; null: the AWS default chain's (or us-east-1 with an endpoint)
 * @param endpoint     an S3-compatible store (MinIO, Ceph, S3Proxy), addressed path-style; null: AWS
 * @param afterSuccess what happens to the object after a finished run
 * @param movePrefix   where {@code move} puts it, as a folder
 * @param tagKey       the tag {@code tag} sets
 * @param tagValue     and its value
 * @param outputPrefix where the errors CSV and run report are published; null: not published
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, AfterSuccess afterSuccess,
                         String movePrefix, String tagKey, String tagValue, String outputPrefix) {

    /** What happens to the imported object once a run over it has finished. Never a delete of its own. */
    public enum AfterSuccess {
        /** Leave it where it is (the default). */
        KEEP,
        /** Copy it under source.s3.move-prefix, then delete the original. */
        MOVE,
        /** Add the tag source.s3.tag to it (object tagging). */
        TAG
    }

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-_]{1,254}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9\\-]{2,40}");
    private static final Pattern TAG = Pattern.compile("([\\p{L}\\p{N} _.:/=+\\-@]{1,128})=([\\p{L}\\p{N} _.:/=+\\-@]{0,256})");

    public static S3Settings from(AppConfig c) {
        String bucket = c.text("source.s3.bucket");
        if (bucket == null) {
            throw new ConfigException("source.s3.bucket is not set: source.type=s3 needs the name of the bucket the import files are in");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new ConfigException("source.s3.bucket=" + bucket + " is not a bucket name"
                    + (bucket.contains("/") ? " (no s3:// and no folders: put the folder in source.s3.prefix)" : ""));
        }
        String region = c.text("source.s3.region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw new ConfigException("source.s3.region=" + region + " is not a region name such as eu-west-1");
        }
        URI endpoint = endpoint(c.text("source.s3.endpoint"));
        String prefix = S3Keys.folder(c.text("source.s3.prefix"));
        String after = c.text("source.s3.after-success").toUpperCase(Locale.ROOT);
        AfterSuccess afterSuccess;
        try {
            afterSuccess = AfterSuccess.valueOf(after);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.s3.after-success=" + c.text("source.s3.after-success")
                    + " must be keep, move or tag");
        }
        String movePrefix = S3Keys.folder(c.text("source.s3.move-prefix"));
        if (afterSuccess == AfterSuccess.MOVE && movePrefix.equals(prefix)) {
            throw new ConfigException("source.s3.move-prefix=" + movePrefix
                    + " is the folder the files are imported from (source.s3.prefix): choose another one");
        }
        String tag = c.text("source.s3.tag");
        var m = TAG.matcher(tag);
        if (!m.matches()) {
            throw new ConfigException("source.s3.tag=" + tag + " must be key=value (letters, digits, spaces and _ . : / = + - @)");
        }
        String output = c.text("source.s3.output-prefix");
        if (output != null && S3Keys.folder(output).equals(prefix)) {
            // a published errors CSV could match a loose source.file-pattern and come back as an input
            throw new ConfigException("source.s3.output-prefix=" + output
                    + " is the folder the files are imported from (source.s3.prefix): choose another one");
        }
        return new S3Settings(bucket, prefix, region, endpoint, afterSuccess, movePrefix, m.group(1), m.group(2),
                output == null ? null : S3Keys.folder(output));
    }

    private static URI endpoint(String value) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.s3.endpoint=" + value + " is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new ConfigException("source.s3.endpoint=" + value + " must be an http:// or https:// URL such as https://minio.example.com:9000");
        }
        if (uri.getRawUserInfo() != null) {
            // the value would be echoed in messages; credentials come from the AWS default chain only
            throw new ConfigException("source.s3.endpoint must not contain credentials: use the AWS default chain (AWS_ACCESS_KEY_ID, a profile or web identity)");
        }
        return uri;
    }

    /** Where files are looked for: {@code s3://bucket/prefix}. */
    public String location() {
        return S3Uri.SCHEME + bucket + "/" + prefix;
    }
}
