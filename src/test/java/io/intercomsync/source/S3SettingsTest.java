package io.intercomsync.source;

import io.intercomsync.config.AppConfig;
import io.intercomsync.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {
    private static S3Settings of(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return S3Settings.from(AppConfig.of(p));
    }

    @Test
    void defaultsKeepTheObjectAndPublishNothing() {
        S3Settings s = of("source.s3.bucket", "exports");
        assertThat(s.prefix()).isEmpty();
        assertThat(s.region()).isNull();
        assertThat(s.endpoint()).isNull();
        assertThat(s.afterSuccess()).isEqualTo(S3Settings.AfterSuccess.KEEP);
        assertThat(s.outputPrefix()).isNull();
        assertThat(s.movePrefix()).isEqualTo("processed/");
        assertThat(s.tagKey() + "=" + s.tagValue()).isEqualTo("intercom-sync=imported");
        assertThat(s.location()).isEqualTo("s3://exports/");
    }

    @Test
    void readsEveryKey() {
        S3Settings s = of("source.s3.bucket", "exports", "source.s3.prefix", "intercom/in", "source.s3.region", "eu-west-1",
                "source.s3.endpoint", "http://127.0.0.1:9000", "source.s3.after-success", "Move",
                "source.s3.move-prefix", "intercom/done", "source.s3.output-prefix", "intercom/out",
                "source.s3.tag", "stage=imported by sync");
        assertThat(s).isEqualTo(new S3Settings("exports", "intercom/in/", "eu-west-1", URI.create("http://127.0.0.1:9000"),
                S3Settings.AfterSuccess.MOVE, "intercom/done/", "stage", "imported by sync", "intercom/out/"));
    }

    @Test
    void refusesWhatCannotWorkNamingTheKey() {
        assertThatThrownBy(() -> of()).isInstanceOf(ConfigException.class).hasMessageStartingWith("source.s3.bucket is not set");
        assertThatThrownBy(() -> of("source.s3.bucket", "s3://exports/in")).hasMessageContaining("put the folder in source.s3.prefix");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.after-success", "delete"))
                .hasMessage("source.s3.after-success=delete must be keep, move or tag");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.prefix", "in", "source.s3.after-success", "move",
                "source.s3.move-prefix", "/in/")).hasMessageContaining("is the folder the files are imported from");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.output-prefix", "/"))
                .hasMessageContaining("source.s3.output-prefix=/ is the folder the files are imported from");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.endpoint", "minio:9000"))
                .hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.region", "EU West")).hasMessageContaining("source.s3.region");
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.tag", "novalue")).hasMessageContaining("key=value");
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> of("source.s3.bucket", "b1", "source.s3.endpoint", "https://AKIAXYZ:supersecret@minio.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not contain credentials")
                .message().doesNotContain("supersecret").doesNotContain("AKIAXYZ");
    }
}
