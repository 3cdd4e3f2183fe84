package io.intercomsync.source;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the AWS SDK throws into one sentence for the user. Only S3's error code, the bucket's
 * region and our own words go into it: never the SDK's message (S3 echoes the string it signed, with
 * the access key id, in some of them), never a credential.
 */
final class S3Errors {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem",
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
            "InvalidSecurity", "RequestTimeTooSkewed");
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "IncorrectEndpoint");

    private S3Errors() {
    }

    /**
     * @param action what we were doing, as a verb phrase: "list s3://b/p", "read s3://b/k"
     * @param bucket the bucket involved
     * @param key    the object involved, or null for a listing
     * @param region the region the client was configured with
     */
    static SourceException of(SdkException e, String action, String bucket, String key, String region) {
        if (e instanceof S3Exception s3) {
            return ofService(s3, action, bucket, key, region);
        }
        if (e instanceof SdkClientException) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unable to load credentials") || msg.contains("Unable to load region")) {
                return new SourceException("cannot " + action + ": no AWS credentials were found in the default chain"
                        + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity token)");
            }
            Throwable root = rootCause(e);
            if (root instanceof UnknownHostException || root instanceof ConnectException
                    || root instanceof java.net.SocketTimeoutException || root instanceof java.net.NoRouteToHostException) {
                return new SourceException("cannot " + action + ": S3 cannot be reached (" + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + root.getMessage())
                        + "); check source.s3.endpoint and source.s3.region");
            }
            return new SourceException("cannot " + action + ": " + root.getClass().getSimpleName()
                    + " talking to S3; check source.s3.endpoint and source.s3.region");
        }
        return new SourceException("cannot " + action + ": " + e.getClass().getSimpleName());
    }

    private static SourceException ofService(S3Exception e, String action, String bucket, String key, String region) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        Optional<String> actualRegion = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
                ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
            return new SourceException("S3 bucket '" + bucket + "' does not exist (source.s3.bucket, or the bucket in --file)");
        }
        if (e instanceof NoSuchKeyException || "NoSuchKey".equals(code) || (status == 404 && key != null)) {
            return new SourceException("S3 object s3://" + bucket + "/" + key + " does not exist");
        }
        if (WRONG_REGION.contains(code) || status == 301
                || (actualRegion.isPresent() && region != null && !actualRegion.get().equals(region))) {
            return new SourceException("cannot " + action + ": S3 bucket '" + bucket + "' is "
                    + actualRegion.map(r -> "in region " + r + ", not " + region + ": set source.s3.region=" + r)
                            .orElse("not in region " + region + ": set source.s3.region to the bucket's region"));
        }
        if (status == 403 || DENIED.contains(code)) {
            String why = switch (code) {
                case "InvalidAccessKeyId" -> "the AWS access key id is not known to S3";
                case "SignatureDoesNotMatch" -> "the AWS secret key does not match the access key id";
                case "ExpiredToken", "TokenRefreshRequired" -> "the AWS session token has expired";
                case "RequestTimeTooSkewed" -> "this machine's clock is too far off S3's";
                default -> "the AWS credentials in use may not do this";
            };
            return new SourceException("access denied: cannot " + action + " (" + (code.isEmpty() ? "HTTP " + status : code) + ": " + why
                    + "; check the credentials of the AWS default chain and the bucket's policy)");
        }
        if (status == 501 || "NotImplemented".equals(code)) {
            return new SourceException("cannot " + action + ": this S3 store does not support it (NotImplemented)");
        }
        return new SourceException("cannot " + action + ": S3 answered " + status + (code.isEmpty() ? "" : " " + code));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
