package io.intercomsync.source;

import io.intercomsync.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the newest timestamped object under a bucket's prefix (source.type=s3) and, after a finished
 * run, publishes its outputs and archives or tags it. Which key is newest and what things are called
 * is decided by {@link S3Keys}; this class only talks to S3.
 */
public final class S3Source implements Source, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);

    private final S3Settings settings;
    private final TimestampedName names;
    private final S3Client client;
    private final String region;

    public S3Source(S3Settings settings, TimestampedName names, S3Client client, String region) {
        this.settings = settings;
        this.names = names;
        this.client = client;
        this.region = region;
    }

    /** A source whose client takes its credentials from the AWS default chain. */
    public static S3Source create(S3Settings settings, TimestampedName names) {
        return create(settings, names, DefaultCredentialsProvider.builder().build());
    }

    /** A source with the given credentials; outside tests, use {@link #create(S3Settings, TimestampedName)}. */
    public static S3Source create(S3Settings settings, TimestampedName names, AwsCredentialsProvider credentials) {
        String region = regionOf(settings);
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (settings.endpoint() != null) {
            // S3-compatible stores: bucket in the path, and only the checksums every store understands
            b.endpointOverride(settings.endpoint())
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new S3Source(settings, names, b.build(), region);
    }

    private static String regionOf(S3Settings settings) {
        if (settings.region() != null) {
            return settings.region();
        }
        if (settings.endpoint() != null) {
            return "us-east-1"; // S3-compatible stores sign with it unless told otherwise
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            throw new ConfigException("source.s3.region is not set and the AWS default chain names no region (AWS_REGION or the profile's region)");
        }
    }

    @Override
    public List<SourceFile> matching() {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(settings.bucket())
                .prefix(settings.prefix())
                .delimiter("/") // sub-folders come back as common prefixes, not as keys
                .build();
        try {
            Map<String, String> etags = new LinkedHashMap<>(); // key: its ETag, the version watch mode compares
            client.listObjectsV2Paginator(request).contents().forEach(o -> etags.put(o.key(), o.eTag()));
            return S3Keys.matching(etags.keySet().stream(), settings.prefix(), names).stream()
                    .<SourceFile>map(key -> new S3File(client, new S3Uri(settings.bucket(), key), region, etags.get(key)))
                    .toList();
        } catch (SdkException e) {
            throw S3Errors.of(e, "list " + location(), settings.bucket(), null, region);
        }
    }

    @Override
    public SourceFile named(String location) {
        if (!S3Uri.isS3(location)) {
            throw new SourceException("--file " + location + " is not an S3 object, but source.type is s3: use --file s3://bucket/key");
        }
        return file(S3Uri.parse(location));
    }

    private S3File file(S3Uri uri) {
        return new S3File(client, uri, region);
    }

    @Override
    public String location() {
        return settings.location();
    }

    @Override
    public String noMatchMessage() {
        return "no object in " + location() + " matches source.file-pattern '" + names.description() + "'";
    }

    /**
     * Publishes the outputs (source.s3.output-prefix), then moves or tags the object
     * (source.s3.after-success). A step that fails is logged as one sentence and does not undo or fail
     * the import, whose rows are already in Intercom; the next steps still run.
     */
    @Override
    public void afterRun(SourceFile file, boolean dryRun, Path reportFile, Path errorsFile) {
        for (String problem : finishRun(file, dryRun, reportFile, errorsFile)) {
            LOG.error("{}", problem);
        }
    }

    /** {@link #afterRun}'s steps; returns what went wrong, one sentence each. */
    List<String> finishRun(SourceFile file, boolean dryRun, Path reportFile, Path errorsFile) {
        List<String> problems = new ArrayList<>();
        if (dryRun || !(file instanceof S3File s3)) {
            return problems;
        }
        S3Uri input = s3.uri();
        if (settings.outputPrefix() != null) {
            attempt(problems, () -> upload(errorsFile, new S3Uri(input.bucket(), S3Keys.errorsKey(settings.outputPrefix(), input.key())),
                    "text/csv; charset=UTF-8"));
            attempt(problems, () -> upload(reportFile, new S3Uri(input.bucket(), S3Keys.reportKey(settings.outputPrefix(), input.key())),
                    "application/json"));
        }
        switch (settings.afterSuccess()) {
            case KEEP -> {
            }
            case MOVE -> attempt(problems, () -> move(input, new S3Uri(input.bucket(), S3Keys.movedKey(settings.movePrefix(), input.key()))));
            case TAG -> attempt(problems, () -> tag(input));
        }
        return problems;
    }

    private static void attempt(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (SourceException e) {
            problems.add(e.getMessage());
        }
    }

    private void upload(Path local, S3Uri target, String contentType) {
        if (local == null || !Files.isRegularFile(local)) {
            return;
        }
        try {
            client.putObject(PutObjectRequest.builder().bucket(target.bucket()).key(target.key()).contentType(contentType).build(),
                    RequestBody.fromFile(local));
            LOG.info("Published {}", target);
        } catch (SdkException e) {
            throw S3Errors.of(e, "upload " + target, target.bucket(), target.key(), region);
        }
    }

    /** Copy, then delete the original: only once the copy exists, and never when both are the same key. */
    private void move(S3Uri from, S3Uri to) {
        if (from.equals(to)) {
            return;
        }
        try {
            client.copyObject(CopyObjectRequest.builder()
                    .sourceBucket(from.bucket()).sourceKey(from.key())
                    .destinationBucket(to.bucket()).destinationKey(to.key())
                    .build());
        } catch (SdkException e) {
            throw S3Errors.of(e, "move " + from + " to " + to, from.bucket(), from.key(), region);
        }
        try {
            client.deleteObject(DeleteObjectRequest.builder().bucket(from.bucket()).key(from.key()).build());
        } catch (SdkException e) {
            throw S3Errors.of(e, "remove " + from + " after copying it to " + to, from.bucket(), from.key(), region);
        }
        LOG.info("Moved {} to {}", from, to);
    }

    /** Adds source.s3.tag to the object's tags, keeping the others. */
    private void tag(S3Uri object) {
        try {
            List<Tag> tags = new ArrayList<>();
            client.getObjectTagging(GetObjectTaggingRequest.builder().bucket(object.bucket()).key(object.key()).build())
                    .tagSet().stream().filter(t -> !t.key().equals(settings.tagKey())).forEach(tags::add);
            tags.add(Tag.builder().key(settings.tagKey()).value(settings.tagValue()).build());
            client.putObjectTagging(PutObjectTaggingRequest.builder().bucket(object.bucket()).key(object.key())
                    .tagging(Tagging.builder().tagSet(tags).build()).build());
            LOG.info("Tagged {} {}={}", object, settings.tagKey(), settings.tagValue());
        } catch (SdkException e) {
            throw S3Errors.of(e, "tag " + object, object.bucket(), object.key(), region);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
