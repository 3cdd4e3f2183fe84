package io.intercomsync.source;

import io.intercomsync.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

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
 * is decided by {@link S3Keys}; the calls go through {@link S3Calls} (Camel's aws2-s3 endpoints, routes/s3).
 * Publishing the outputs and tagging are ours: the component's consumer moves or deletes an object after
 * reading it, but neither writes files beside it nor tags it.
 */
public final class S3Source implements Source, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);

    private final S3Settings settings;
    private final TimestampedName names;
    private final S3Calls calls;
    private final String region;

    /** {@code region}: the one {@code calls}' client signs with ({@link #regionOf}), named in errors. */
    public S3Source(S3Settings settings, TimestampedName names, S3Calls calls, String region) {
        this.settings = settings;
        this.names = names;
        this.calls = calls;
        this.region = region;
    }

    /** The calls this source makes, for the application to bind beside the routes that make them. */
    public S3Calls calls() {
        return calls;
    }

    /** A client for the source's bucket with credentials from the AWS default chain. */
    public static S3Client client(S3Settings settings) {
        return client(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client for the source's bucket with the given credentials; outside tests, use {@link #client(S3Settings)}. */
    public static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(regionOf(settings)))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (settings.endpoint() != null) {
            // S3-compatible stores: bucket in the path, and only the checksums every store understands
            b.endpointOverride(settings.endpoint())
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    public static String regionOf(S3Settings settings) {
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

    /**
     * Pages through the listing, each page after the last key of the one before. It asks for every key under
     * the prefix, sub-folders' too: the listObjects operation gives back a page's keys only, and with a
     * delimiter S3 fills a page with sub-folders as well, so a page of 1,000 sub-folders would come back empty
     * before the last. A page that ends in a sub-folder goes on past it ({@link S3Keys#nextMarker}), so a big
     * archive folder costs one page, not all of its keys. Without S3's IsTruncated only an empty page ends the
     * listing: one call more than there are pages.
     */
    @Override
    public List<SourceFile> matching() {
        try {
            Map<String, String> etags = new LinkedHashMap<>(); // key: its ETag, the version watch mode compares
            String marker = null;
            while (true) {
                List<S3Object> page = calls.listPage(settings.bucket(), settings.prefix(), marker);
                if (page.isEmpty()) {
                    break;
                }
                page.stream().filter(o -> S3Keys.nextMarker(settings.prefix(), o.key()).equals(o.key())) // directly in the folder
                        .forEach(o -> etags.put(o.key(), o.eTag()));
                String last = page.get(page.size() - 1).key();
                if (marker != null && S3Keys.compareKeys(last, marker) <= 0) {
                    // a store that ignores the marker would hand back its first page for ever
                    throw new SourceException("cannot list " + location() + ": the S3 store does not page its listing (marker ignored)");
                }
                marker = S3Keys.nextMarker(settings.prefix(), last);
            }
            return S3Keys.matching(etags.keySet().stream(), settings.prefix(), names).stream()
                    .<SourceFile>map(key -> new S3File(calls, new S3Uri(settings.bucket(), key), region, etags.get(key)))
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
        return new S3File(calls, uri, region);
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
            calls.put(target, local, contentType);
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
            calls.copy(from, to);
        } catch (SdkException e) {
            throw S3Errors.of(e, "move " + from + " to " + to, from.bucket(), from.key(), region);
        }
        try {
            calls.delete(from);
        } catch (SdkException e) {
            throw S3Errors.of(e, "remove " + from + " after copying it to " + to, from.bucket(), from.key(), region);
        }
        LOG.info("Moved {} to {}", from, to);
    }

    /** Adds source.s3.tag to the object's tags, keeping the others. */
    private void tag(S3Uri object) {
        try {
            List<Tag> tags = new ArrayList<>();
            calls.tags(object).stream().filter(t -> !t.key().equals(settings.tagKey())).forEach(tags::add);
            tags.add(Tag.builder().key(settings.tagKey()).value(settings.tagValue()).build());
            calls.putTags(object, tags);
            LOG.info("Tagged {} {}={}", object, settings.tagKey(), settings.tagValue());
        } catch (SdkException e) {
            throw S3Errors.of(e, "tag " + object, object.bucket(), object.key(), region);
        }
    }

    @Override
    public void close() {
        calls.close();
    }
}
