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

    S3Readiness(MinioClient s3) {
        this.s3 = s3;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // Reachable and signing in; how many buckets (one per tenant) exist is nobody's business here.
            s3.listBuckets();
            return HealthCheckResponse.named("s3").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("s3").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
