package io.consentry.tenants.storage;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 clients of the api, one per cell (S3Proxy in development, MinIO or any S3 service in production). A tenant's
 * bucket lives on its cell's S3 ({@link #of(Tenant)}); the platform's own buckets (e.g. the audit anchors) on the home
 * cell's, which is also the injectable {@link MinioClient}.
 */
@ApplicationScoped
public class ObjectStore {

    private final Cells cells;
    /** How long one S3 call may take: an unreachable or hanging store fails the call instead of holding a thread. */
    private final Duration timeout;
    private final Map<String, MinioClient> clients = new ConcurrentHashMap<>();

    ObjectStore(Cells cells, @ConfigProperty(name = "consentry.s3.timeout", defaultValue = "30s") Duration timeout) {
        this.cells = cells;
        this.timeout = timeout;
    }

    /** The home cell's S3: the platform's own buckets. */
    public MinioClient home() {
        return cell(cells.home());
    }

    /** The S3 of the tenant's cell, where its bucket lives. */
    public MinioClient of(Tenant tenant) {
        return cell(cells.of(tenant));
    }

    /** The S3 of a cell (e.g. the target of a move). */
    public MinioClient cell(CellSettings cell) {
        return clients.computeIfAbsent(cell.name(), name -> {
            MinioClient client = MinioClient.builder().endpoint(cell.s3Endpoint()).region(cell.s3Region())
                    .credentials(cell.s3AccessKey(), cell.s3SecretKey()).build();
            long millis = timeout.toMillis();
            client.setTimeout(Math.min(millis, 5000), millis, millis);
            return client;
        });
    }

    @Produces
    @Singleton
    MinioClient minioClient() {
        return home();
    }
}
