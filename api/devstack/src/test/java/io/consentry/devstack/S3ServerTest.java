package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ServerTest {

    @TempDir
    Path state;

    @Test
    void servesTheS3ApiToTheMinioClientWithTheGeneratedKeys() throws Exception {
        GeneratedSecrets secrets = new GeneratedSecrets(state.resolve("secrets.properties"));
        try (S3Server s3 = S3Server.start(0, state.resolve("s3"), secrets)) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), s3.secretKey()).build();
            byte[] body = "hello bucket".getBytes(StandardCharsets.UTF_8);

            client.makeBucket(MakeBucketArgs.builder().bucket("tenant-demo").build());
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("tenant-demo").build())).isTrue();
            client.putObject(PutObjectArgs.builder().bucket("tenant-demo").object("a/b.txt")
                    .stream(new ByteArrayInputStream(body), body.length, -1).build());
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("tenant-demo").object("a/b.txt").build())) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            List<String> names = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket("tenant-demo").recursive(true).build())) {
                names.add(item.get().objectName());
            }
            assertThat(names).containsExactly("a/b.txt");
            assertThat(Files.exists(state.resolve("s3/tenant-demo"))).isTrue();

            client.removeObject(RemoveObjectArgs.builder().bucket("tenant-demo").object("a/b.txt").build());
            client.removeBucket(RemoveBucketArgs.builder().bucket("tenant-demo").build());
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("tenant-demo").build())).isFalse();

            MinioClient wrongKey = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), "not-the-secret").build();
            assertThatThrownBy(() -> wrongKey.makeBucket(MakeBucketArgs.builder().bucket("intruder").build()))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }

    @Test
    void keepsItsGeneratedKeysForTheNextRun() {
        GeneratedSecrets secrets = new GeneratedSecrets(state.resolve("secrets.properties"));
        String accessKey;
        String secretKey;
        try (S3Server first = S3Server.start(0, state.resolve("s3"), secrets)) {
            accessKey = first.accessKey();
            secretKey = first.secretKey();
        }
        try (S3Server second = S3Server.start(0, state.resolve("s3"), new GeneratedSecrets(state.resolve("secrets.properties")))) {
            assertThat(second.accessKey()).isEqualTo(accessKey).hasSize(20);
            assertThat(second.secretKey()).isEqualTo(secretKey).hasSize(40);
        }
    }
}
