package io.consentry.core.health;

import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class S3Readiness implements HealthCheck {

    private final MinioClient s3;
    private final String anchorBucket;

    /** Asks about the platform's own bucket: the api's S3 credential may list nothing beyond the platform's buckets. */
    S3Readiness(MinioClient s3,
                @org.eclipse.microprofile.config.inject.ConfigProperty(name = "consentry.audit.anchor-bucket",
                        defaultValue = "consentry-audit-anchors") String anchorBucket) {
        this.s3 = s3;
        this.anchorBucket = anchorBucket;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // Reachable and signing in; how many buckets (one per tenant) exist is nobody's business here.
            s3.bucketExists(io.minio.BucketExistsArgs.builder().bucket(anchorBucket).build());
            return HealthCheckResponse.named("s3").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("s3").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
