package io.consentry.tenants.move;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.storage.S3Calls;
import io.consentry.tenants.storage.StorageException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies a tenant's bucket from one cell's S3 server to a new bucket of the same name on another's, object by object,
 * each streamed from the source's response into the target's upload (never whole in memory). The objects are
 * ciphertext under the tenant's keyset; the keysets live in the platform schema, which does not move, so nothing is
 * decrypted or re-encrypted on the way. Afterwards the target's listing must show the same names with the same sizes.
 */
public final class BucketCopy {

    /** How far the copy is: objects and bytes so far. */
    public record Progress(long objects, long bytes) {
    }

    private BucketCopy() {
    }

    /** Copies every object; fails when the bucket already exists on the target (nothing of another's is adopted). */
    public static Progress copy(CellSettings source, CellSettings target, String bucket, Consumer<Progress> progress) {
        MinioClient from = CellClients.s3(source);
        MinioClient to = CellClients.s3(target);
        return S3Calls.run(() -> {
            if (to.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                throw new StorageException("Bucket " + bucket + " already exists on " + target + "; refusing to overwrite it");
            }
            to.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(target.s3Region()).build());
            long objects = 0;
            long bytes = 0;
            Map<String, Long> expected = new LinkedHashMap<>();
            if (from.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                for (Result<Item> listed : from.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                    Item item = listed.get();
                    if (item.isDir()) {
                        continue;
                    }
                    StatObjectResponse stat = from.statObject(StatObjectArgs.builder().bucket(bucket).object(item.objectName()).build());
                    try (GetObjectResponse body = from.getObject(GetObjectArgs.builder().bucket(bucket).object(item.objectName()).build())) {
                        to.putObject(PutObjectArgs.builder().bucket(bucket).object(item.objectName())
                                .stream(body, stat.size(), -1)
                                .contentType(stat.contentType())
                                .userMetadata(stat.userMetadata())
                                .build());
                    }
                    expected.put(item.objectName(), stat.size());
                    objects++;
                    bytes += stat.size();
                    progress.accept(new Progress(objects, bytes));
                }
            }
            Map<String, Long> copied = sizes(to, bucket);
            if (!copied.equals(expected)) {
                throw new StorageException("Bucket " + bucket + " on " + target + " holds " + copied.size()
                        + " objects after the copy, the source " + expected.size() + " (or their sizes differ)");
            }
            return new Progress(objects, bytes);
        }, "copy bucket " + bucket + " from " + source + " to " + target);
    }

    /** Every object's size by name; empty when there is no bucket. */
    public static Map<String, Long> sizes(CellSettings cell, String bucket) {
        MinioClient s3 = CellClients.s3(cell);
        return S3Calls.run(() -> s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()) ? sizes(s3, bucket) : Map.of(),
                "list bucket " + bucket + " on " + cell);
    }

    public static boolean exists(CellSettings cell, String bucket) {
        MinioClient s3 = CellClients.s3(cell);
        return S3Calls.run(() -> s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()), "look up bucket " + bucket + " on " + cell);
    }

    /** Removes every object and the bucket; false when there was none. */
    public static boolean remove(CellSettings cell, String bucket) {
        MinioClient s3 = CellClients.s3(cell);
        return S3Calls.run(() -> {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                return false;
            }
            for (Result<Item> listed : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(listed.get().objectName()).build());
            }
            s3.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
            return true;
        }, "remove bucket " + bucket + " on " + cell);
    }

    private static Map<String, Long> sizes(MinioClient s3, String bucket) throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Result<Item> listed : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            Item item = listed.get();
            if (!item.isDir()) {
                sizes.put(item.objectName(), item.size());
            }
        }
        return sizes;
    }
}
