package io.intercomsync.camel;

import io.intercomsync.source.S3Calls;
import io.intercomsync.source.S3Uri;
import io.intercomsync.source.SourceException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.LanguageSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The S3 source's calls, each sent to its route in routes/s3, where one camel-aws2-s3 operation
 * makes it on the client bound as {@code s3Client}. The requests are built here (the endpoints take
 * them as {@code pojoRequest}), so a key or a marker never passes through an endpoint URI; the SDK's
 * exception comes back unwrapped from Camel's, for the S3 source to put in one sentence.
 */
public final class S3Endpoints implements S3Calls, CamelContextAware {
    /** The endpoints' own headers: where putObject, the one call not made from a request, writes. */
    private static final String BUCKET = "CamelAwsS3OverrideBucketName";
    private static final String KEY = "CamelAwsS3Key";
    private static final String CONTENT_TYPE = "CamelAwsS3ContentType";

    private final S3Client client;
    private volatile CamelContext context;
    private volatile ProducerTemplate template;

    public S3Endpoints(S3Client client) {
        this.client = client;
    }

    /** The beans routes/s3 refers to. */
    public Map<String, Object> beans() {
        return Map.of("s3Client", client, "s3Calls", this);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<S3Object> listPage(String bucket, String prefix, String marker) {
        // no delimiter: the operation would drop the sub-folders (common prefixes) that fill a page beside the keys
        ListObjectsRequest request = ListObjectsRequest.builder().bucket(bucket).prefix(prefix).marker(marker).build();
        return (List<S3Object>) send("direct:s3-list-objects", request);
    }

    @Override
    public InputStream get(S3Uri object) {
        return (InputStream) send("direct:s3-get-object", GetObjectRequest.builder().bucket(object.bucket()).key(object.key()).build());
    }

    @Override
    public void put(S3Uri target, Path file, String contentType) {
        // the one call made from headers: the component reads a bucket or key holding ${...} as a Simple
        // expression, so such a name (an output prefix) is refused rather than evaluated
        if (LanguageSupport.hasSimpleFunction(target.bucket()) || LanguageSupport.hasSimpleFunction(target.key())) {
            throw new SourceException("cannot upload " + target + ": its name holds '${', which Camel's aws2-s3 component would evaluate");
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(BUCKET, target.bucket());
        headers.put(KEY, target.key());
        headers.put(CONTENT_TYPE, contentType);
        call("direct:s3-put-object", file.toFile(), headers);
    }

    @Override
    public void copy(S3Uri from, S3Uri to) {
        send("direct:s3-copy-object", CopyObjectRequest.builder()
                .sourceBucket(from.bucket()).sourceKey(from.key())
                .destinationBucket(to.bucket()).destinationKey(to.key())
                .build());
    }

    @Override
    public void delete(S3Uri object) {
        send("direct:s3-delete-object", DeleteObjectRequest.builder().bucket(object.bucket()).key(object.key()).build());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Tag> tags(S3Uri object) {
        return (List<Tag>) send("direct:s3-get-object-tagging",
                GetObjectTaggingRequest.builder().bucket(object.bucket()).key(object.key()).build());
    }

    @Override
    public void putTags(S3Uri object, List<Tag> tags) {
        send("direct:s3-put-object-tagging", PutObjectTaggingRequest.builder().bucket(object.bucket()).key(object.key())
                .tagging(Tagging.builder().tagSet(tags).build()).build());
    }

    /**
     * A request the endpoint takes whole (pojoRequest): its bucket and key are the ones used, so no header
     * names them; the component would evaluate a ${...} in a key header (routes/s3, keyName=-).
     */
    private Object send(String route, Object request) {
        return call(route, request, Map.of());
    }

    private Object call(String route, Object body, Map<String, Object> headers) {
        try {
            return template().requestBodyAndHeaders(route, body, headers);
        } catch (SourceException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SdkException sdk) {
                    throw sdk;
                }
            }
            // Camel's own failure (stopping, its route gone): one sentence, which the S3 source reports as
            // it reports S3's, so that a failed step after the run never fails the import it follows
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new SourceException("the S3 call " + route + " did not run: " + root.getClass().getSimpleName()
                    + (getCamelContext() != null && (getCamelContext().isStopping() || getCamelContext().isStopped()) ? " (the application is stopping)" : ""));
        }
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    if (context == null) {
                        throw new IllegalStateException("the S3 calls are not bound to a running Camel context (routes/s3)");
                    }
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    @Override
    public void close() {
        ProducerTemplate t = template;
        if (t != null) {
            try {
                t.close();
            } catch (Exception ignored) {
                // the context is stopping with it
            }
        }
        client.close();
    }
}
