package io.intercomsync.source;

import io.intercomsync.camel.CamelApp;
import io.intercomsync.camel.S3Endpoints;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Properties;

/** An S3 source as the application runs it: its calls go through routes/s3 on a Camel started here, stopped when the source closes. */
final class S3OnCamel {
    private S3OnCamel() {
    }

    static S3Source start(S3Settings settings, TimestampedName names, AwsCredentialsProvider credentials) {
        S3Endpoints endpoints = new S3Endpoints(S3Source.client(settings, credentials));
        Properties p = new Properties();
        p.setProperty("source.s3.bucket", settings.bucket());
        Path home = Path.of("").toAbsolutePath();
        p.setProperty("camel.main.routes-include-pattern", CamelApp.routes(home, "s3"));
        CamelApp app = CamelApp.start(home, p, endpoints.beans());
        S3Calls calls = (S3Calls) Proxy.newProxyInstance(S3Calls.class.getClassLoader(), new Class<?>[]{S3Calls.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(endpoints, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().equals("close")) {
                            app.close();
                        }
                    }
                });
        return new S3Source(settings, names, calls, S3Source.regionOf(settings));
    }
}
