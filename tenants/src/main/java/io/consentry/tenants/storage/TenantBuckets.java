package io.consentry.tenants.storage;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Creates and removes the per-tenant buckets, each on the S3 of the tenant's cell. */
@ApplicationScoped
public class TenantBuckets {

    private final ObjectStore stores;

    TenantBuckets(ObjectStore stores) {
        this.stores = stores;
    }

    public void create(Tenant tenant) {
        create(stores.of(tenant), tenant.bucket);
    }

    /** Creates an empty bucket on that cell's S3 (e.g. the target of a move). */
    public void create(CellSettings cell, String bucket) {
        create(stores.cell(cell), bucket);
    }

    private static void create(MinioClient s3, String bucket) {
        if (exists(s3, bucket)) {
            throw new StorageException("Bucket " + bucket + " already exists; refusing to adopt a bucket the platform did not create");
        }
        S3Calls.run(() -> {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return null;
        }, "create bucket " + bucket);
    }

    /** Whether the tenant's bucket exists on its cell's S3. */
    public boolean exists(Tenant tenant) {
        return exists(stores.of(tenant), tenant.bucket);
    }

    /** Whether a bucket of that name exists on that cell's S3 (one the platform made or not). */
    public boolean exists(CellSettings cell, String bucket) {
        return exists(stores.cell(cell), bucket);
    }

    private static boolean exists(MinioClient s3, String bucket) {
        return S3Calls.run(() -> s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()), "look up bucket " + bucket);
    }

    /** The bytes stored in the bucket (the sum of its objects' sizes, listed page by page); 0 when there is no bucket. */
    public long bytes(Tenant tenant) {
        MinioClient s3 = stores.of(tenant);
        String bucket = tenant.bucket;
        if (!exists(s3, bucket)) {
            return 0;
        }
        return S3Calls.run(() -> {
            long total = 0;
            for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                total += item.get().size();
            }
            return total;
        }, "measure bucket " + bucket);
    }

    /** Removes every object and then the bucket. Returns the number of objects removed, or -1 if there was no bucket. */
    public int remove(Tenant tenant) {
        return remove(stores.of(tenant), tenant.bucket);
    }

    /** Removes a bucket and its objects from that cell's S3 (e.g. the copy left on a cell a tenant moved away from). */
    public int remove(CellSettings cell, String bucket) {
        return remove(stores.cell(cell), bucket);
    }

    private static int remove(MinioClient s3, String bucket) {
        if (!exists(s3, bucket)) {
            return -1;
        }
        return S3Calls.run(() -> {
            List<DeleteObject> objects = new ArrayList<>();
            for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                objects.add(new DeleteObject(item.get().objectName()));
            }
            if (!objects.isEmpty()) {
                for (Result<DeleteError> error : s3.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(objects).build())) {
                    DeleteError failure = error.get();
                    throw new StorageException("Could not delete " + failure.objectName() + " from " + bucket + ": " + failure.message());
                }
            }
            s3.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
            return objects.size();
        }, "remove bucket " + bucket);
    }
}
