package io.consentry.core.health;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.storage.ObjectStore;
import io.minio.BucketExistsArgs;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.ArrayList;
import java.util.List;

/**
 * Ready when every cell's S3 answers and accepts the api's keys. The data names each cell's answer, so a failing check
 * says which cell is down.
 */
@Readiness
@ApplicationScoped
public class S3Readiness implements HealthCheck {

    private final Cells cells;
    private final ObjectStore stores;
    private final String anchorBucket;

    /**
     * Asks about the platform's own bucket (a name, on every cell): the api's S3 credential may list nothing beyond the
     * platform's buckets, and a missing bucket is an answer too.
     */
    S3Readiness(Cells cells, ObjectStore stores,
                @ConfigProperty(name = "consentry.audit.anchor-bucket", defaultValue = "consentry-audit-anchors") String anchorBucket) {
        this.cells = cells;
        this.stores = stores;
        this.anchorBucket = anchorBucket;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder check = HealthCheckResponse.named("s3");
        List<String> failing = new ArrayList<>();
        for (CellSettings cell : cells.all()) {
            try {
                // Reachable and signing in; how many buckets (one per tenant) exist is nobody's business here.
                stores.cell(cell).bucketExists(BucketExistsArgs.builder().bucket(anchorBucket).build());
                check.withData(cell.name(), "up");
            } catch (Exception e) {
                failing.add(cell.name());
                check.withData(cell.name(), "down: " + e.getMessage());
            }
        }
        if (!failing.isEmpty()) {
            check.withData("failing-cells", String.join(",", failing));
        }
        return check.status(failing.isEmpty()).build();
    }
}
