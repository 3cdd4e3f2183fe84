package io.intercomsync.source;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointUriTest {
    private static final Completeness QUIET = new Completeness(Duration.ofMillis(5_000), null, Duration.ofMinutes(10));
    private static final Path WORK = Path.of("/tmp/work");

    @Test
    void aOneShotEndpointTakesTheNewestCompleteMatchingFileAndLeavesItInPlace() {
        String uri = EndpointUri.parse("file:/data/exports").oneShot(QUIET, WORK);
        assertThat(uri).startsWith("file:/data/exports?")
                .contains("filter=#sourceFileNames", "sorter=#newestFirst", "eagerMaxMessagesPerPoll=false", "noop=true",
                        "readLock=changed", "readLockMinAge=5000ms", "directoryMustExist=true")
                .doesNotContain("localWorkDirectory");
    }

    @Test
    void aRemoteEndpointDownloadsToTheWorkFolderAndReportsARefusedLogin() {
        String uri = EndpointUri.parse("sftp://u@h:22/out?privateKeyFile=/k").oneShot(QUIET, WORK);
        assertThat(uri).contains("privateKeyFile=/k", "localWorkDirectory=/tmp/work", "throwExceptionOnConnectFailed=true");
    }

    @Test
    void watchModeConsumesOldestFirstOneAtATimeAtThePollInterval() {
        String uri = EndpointUri.parse("ftp://u@h/out").watch(QUIET, WORK, 30_000);
        assertThat(uri).contains("sorter=#oldestFirst", "delay=30000", "synchronous=true", "idempotent=false", "noop=true");
    }

    @Test
    void whatTheUserWroteIsNeverOverriddenAndMoveReplacesNoop() {
        String uri = EndpointUri.parse("file:/in?move=.done&readLock=rename&sorter=#mine").oneShot(QUIET, WORK);
        assertThat(uri).contains("move=.done", "readLock=rename", "sorter=#mine").doesNotContain("noop", "readLock=changed", "#newestFirst");
    }

    @Test
    void aDoneMarkerBecomesCamelsDoneFileName() {
        Completeness marker = new Completeness(Duration.ofMillis(5_000), "${file:name}.done", Duration.ofMinutes(10));
        String uri = EndpointUri.parse("file:/in").oneShot(marker, WORK);
        assertThat(uri).contains("doneFileName=${file:name}.done").doesNotContain("readLock");
    }

    @Test
    void secretsAreMaskedWhereverTheUriIsShownAndListedForTheLogs() {
        EndpointUri uri = EndpointUri.parse("ftp://u:pw-in-userinfo@h/out?password=RAW(p&ss)&privateKeyPassphrase=k3y&binary=true");
        assertThat(uri.display()).isEqualTo("ftp://u:xxxxxx@h/out?password=xxxxxx&privateKeyPassphrase=xxxxxx&binary=true");
        assertThat(uri.secrets()).contains("pw-in-userinfo", "RAW(p&ss)", "p&ss", "k3y");
    }

    @Test
    void anyOptionNamedLikeASecretIsMaskedAndTheLocationHasNoOptions() {
        EndpointUri uri = EndpointUri.parse("ftps://u:p@ss@h/in?ftpClient.trustStore.password=hunter2&ftpClient.keyStore.keyPassword=hunter3"
                + "&account=hunter4&password=p%26ss&privateKeyFile=/keys/id&binary=true");
        assertThat(uri.display()).isEqualTo("ftps://u:xxxxxx@h/in?ftpClient.trustStore.password=xxxxxx&ftpClient.keyStore.keyPassword=xxxxxx"
                + "&account=xxxxxx&password=xxxxxx&privateKeyFile=/keys/id&binary=true");
        assertThat(uri.location()).isEqualTo("ftps://u:xxxxxx@h/in");
        assertThat(uri.secrets()).contains("p@ss", "hunter2", "hunter3", "hunter4", "p%26ss", "p&ss").doesNotContain("/keys/id");
    }

    @Test
    void remoteReadLocksCompareTwoListingsAndNothingIsCreated() {
        String uri = EndpointUri.parse("ftp://u@h/out").oneShot(QUIET, WORK);
        assertThat(uri).contains("readLock=changed", "readLockCheckInterval=5000", "autoCreate=false").doesNotContain("readLockMinAge");
        assertThat(EndpointUri.parse("file:/in").oneShot(QUIET, WORK)).contains("readLockMarkerFile=false", "autoCreate=false");
    }

    @Test
    void optionNamesAreMatchedIgnoringCaseAsCamelDoes() {
        String uri = EndpointUri.parse("file:/in?Delete=true&READLOCK=none").oneShot(QUIET, WORK);
        assertThat(uri).doesNotContain("noop").doesNotContain("readLock=changed");
        assertThatThrownBy(() -> EndpointUri.parse("file:/in?premove=.x")).hasMessageContaining("preMove is not supported");
    }

    @Test
    void anUnsupportedSchemeOrAMissingFolderIsRefusedInOneSentence() {
        assertThatThrownBy(() -> EndpointUri.parse("s3://bucket/prefix")).hasMessageStartingWith("source.uri=s3://bucket/prefix is not a file-family Camel URI");
        assertThatThrownBy(() -> EndpointUri.parse("http://h/x?password=secret")).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> EndpointUri.parse("file:")).hasMessageContaining("names no folder");
    }
}
