package io.consentry.tenants.storage;

import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The S3 client of the local cell (S3Proxy in development, MinIO or any S3 service in production). */
@ApplicationScoped
public class ObjectStore {

    @ConfigProperty(name = "consentry.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "consentry.s3.region", defaultValue = "us-east-1")
    String region;

    @ConfigProperty(name = "consentry.s3.access-key")
    String accessKey;

    @ConfigProperty(name = "consentry.s3.secret-key")
    String secretKey;

    /** How long one S3 call may take: an unreachable or hanging store fails the call instead of holding a thread. */
    @ConfigProperty(name = "consentry.s3.timeout", defaultValue = "30s")
    java.time.Duration timeout;

    @Produces
    @Singleton
    MinioClient minioClient() {
        MinioClient client = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
        long millis = timeout.toMillis();
        client.setTimeout(Math.min(millis, 5000), millis, millis);
        return client;
    }
}
