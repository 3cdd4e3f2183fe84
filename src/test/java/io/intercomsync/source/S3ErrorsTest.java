package io.intercomsync.source;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers S3Proxy cannot give (it serves every region): what AWS S3 says to a client configured
 * with the wrong region, and failures before any answer. Built as the SDK builds them from a response.
 */
class S3ErrorsTest {
    private static S3Exception s3(int status, String code, String bucketRegion) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        if (bucketRegion != null) {
            http.putHeader("x-amz-bucket-region", bucketRegion);
        }
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3")
                        .errorMessage("The bucket you are attempting to access must be addressed using the specified endpoint.")
                        .sdkHttpResponse(http.build()).build())
                .build();
    }

    @Test
    void aWrongRegionNamesTheBucketsRegionAndTheKeyToSet() {
        assertThat(S3Errors.of(s3(301, "PermanentRedirect", "eu-west-1"), "list s3://b/in/", "b", null, "us-east-1"))
                .hasMessage("cannot list s3://b/in/: S3 bucket 'b' is in region eu-west-1, not us-east-1: set source.s3.region=eu-west-1");
        assertThat(S3Errors.of(s3(400, "AuthorizationHeaderMalformed", null), "read s3://b/k", "b", "k", "us-east-1"))
                .hasMessage("cannot read s3://b/k: S3 bucket 'b' is not in region us-east-1: set source.s3.region to the bucket's region");
    }

    @Test
    void deniedAccessSaysWhichCredentialProblemWithoutTheSdksText() {
        SourceException e = S3Errors.of(s3(403, "AccessDenied", null), "read s3://b/k", "b", "k", "us-east-1");
        assertThat(e).hasMessage("access denied: cannot read s3://b/k (AccessDenied: the AWS credentials in use may not do this;"
                + " check the credentials of the AWS default chain and the bucket's policy)");
        assertThat(S3Errors.of(s3(403, "InvalidAccessKeyId", null), "list s3://b/", "b", null, "us-east-1"))
                .hasMessageContaining("the AWS access key id is not known to S3");
        assertThat(S3Errors.of(s3(403, "", null), "list s3://b/", "b", null, "us-east-1"))
                .hasMessageContaining("(HTTP 403: ");
    }

    @Test
    void missingCredentialsAndUnreachableStoresAreSaidPlainly() {
        assertThat(S3Errors.of(SdkClientException.create("Unable to load credentials from any of the providers in the chain ..."),
                "list s3://b/", "b", null, "us-east-1"))
                .hasMessage("cannot list s3://b/: no AWS credentials were found in the default chain"
                        + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity token)");
        assertThat(S3Errors.of(SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused")),
                "list s3://b/", "b", null, "us-east-1"))
                .hasMessage("cannot list s3://b/: S3 cannot be reached (ConnectException: Connection refused); check source.s3.endpoint and source.s3.region");
    }
}
