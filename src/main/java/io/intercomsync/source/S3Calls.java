package io.intercomsync.source;

import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The S3 operations the S3 source needs, one call each. The application sends them through Camel's
 * aws2-s3 endpoints (routes/s3); failures come back as the AWS SDK's own exception, so that
 * {@link S3Errors} can name S3's reason.
 */
public interface S3Calls extends AutoCloseable {
    /** One page of the keys under {@code prefix}, its sub-folders' included, after {@code marker} when it is set. */
    List<S3Object> listPage(String bucket, String prefix, String marker);

    /** The object's body, streamed as S3 sends it; the caller closes it. */
    InputStream get(S3Uri object);

    void put(S3Uri target, Path file, String contentType);

    void copy(S3Uri from, S3Uri to);

    void delete(S3Uri object);

    List<Tag> tags(S3Uri object);

    void putTags(S3Uri object, List<Tag> tags);

    @Override
    void close();
}
