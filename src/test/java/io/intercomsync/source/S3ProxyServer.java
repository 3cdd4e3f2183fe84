package io.intercomsync.source;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real S3 server for tests: S3Proxy on a free loopback port, storing objects in a folder, checking
 * AWS signatures against {@link #ACCESS_KEY} / {@link #SECRET_KEY}. {@link #client()} is the test's own
 * client for putting and reading back objects; the code under test builds its own.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIATESTS3PROXY00001";
    public static final String SECRET_KEY = "s3proxy-secret-Wq9zX2cV7bN4mK8pL1";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;
    private final S3Client client;

    private S3ProxyServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Starts a server whose buckets are folders under {@code storage}. */
    public static S3ProxyServer start(Path storage) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", storage.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("identity", "credential")
                .overrides(props)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3ProxyServer(proxy, context, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    public void put(String bucket, String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    public String get(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    /** The bucket's objects, without the folder markers the filesystem store lists. */
    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build())
                .contents().stream().map(S3Object::key).filter(k -> !k.endsWith("/")).sorted().toList();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }
}
