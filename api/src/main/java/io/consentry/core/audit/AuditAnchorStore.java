package io.consentry.core.audit;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The object-store copy of audit checkpoints: one platform bucket (not a tenant's: deleting a tenant must not depend on
 * its checkpoints expiring), one object per checkpoint named by tenant and zero-padded sequence number. The bucket is
 * created with object lock where the store supports it (MinIO, AWS S3), and each checkpoint is written with a
 * COMPLIANCE retention, so nobody — the api's own credential included — can delete or overwrite it before the
 * retention ends. S3Proxy, used locally, has no object lock: there the copy is an ordinary object (and the Helm chart's
 * MinIO policy is what keeps the api from deleting anything in this bucket).
 */
@ApplicationScoped
public class AuditAnchorStore {

    private static final Logger LOG = Logger.getLogger(AuditAnchorStore.class);
    static final String PREFIX = "audit-checkpoints/";

    private final MinioClient s3;
    private final String bucket;
    private final Duration retention;
    private volatile boolean objectLock;
    private volatile boolean ready;

    AuditAnchorStore(MinioClient s3,
                     @ConfigProperty(name = "consentry.audit.anchor-bucket", defaultValue = "consentry-audit-anchors") String bucket,
                     @ConfigProperty(name = "consentry.audit.anchor-retention", defaultValue = "P400D") Duration retention) {
        this.s3 = s3;
        this.bucket = bucket;
        this.retention = retention;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("The audit anchor bucket %s is not ready yet (%s); checkpoints are kept in the database until it is", bucket, e.getMessage());
        }
    }

    /** Creates the bucket (with object lock when the store supports it) unless it exists, and learns whether it locks. */
    synchronized void ensureBucket() {
        if (ready) {
            return;
        }
        try {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(true).build());
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code()) && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            objectLock = supportsObjectLock();
            ready = true;
            LOG.infof("Audit checkpoints go to bucket %s (object lock: %s)", bucket, objectLock ? "yes, COMPLIANCE " + retention : "not supported by this store");
        } catch (Exception e) {
            throw new IllegalStateException("S3: could not prepare the audit anchor bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private boolean supportsObjectLock() {
        try {
            return s3.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(bucket).build()) != null;
        } catch (Exception notSupported) {
            return false;
        }
    }

    public boolean objectLock() {
        return objectLock;
    }

    public String bucket() {
        return bucket;
    }

    /** Reachable and the bucket exists (readiness). */
    public boolean reachable() {
        try {
            return s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }

    static String objectKey(UUID tenantId, long seq) {
        return PREFIX + tenantId + "/" + String.format("%020d", seq) + ".json";
    }

    /** Writes the checkpoint document; with object lock, retained (undeletable) until now + retention. */
    void put(String objectKey, byte[] document) throws Exception {
        ensureBucket();
        PutObjectArgs.Builder put = PutObjectArgs.builder().bucket(bucket).object(objectKey)
                .stream(new ByteArrayInputStream(document), document.length, -1).contentType("application/json");
        if (objectLock) {
            put.retention(new Retention(RetentionMode.COMPLIANCE, ZonedDateTime.now(ZoneOffset.UTC).plus(retention)));
        }
        s3.putObject(put.build());
    }

    boolean exists(String objectKey) throws Exception {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object(objectKey).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return false;
            }
            throw e;
        }
    }

    /** Every checkpoint document of the tenant in the bucket, oldest first. */
    List<byte[]> all(UUID tenantId) throws Exception {
        ensureBucket();
        List<byte[]> documents = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(PREFIX + tenantId + "/").recursive(true).build())) {
            documents.add(read(item.get().objectName()).orElseThrow());
        }
        return documents;
    }

    Optional<byte[]> read(String objectKey) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(objectKey).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
