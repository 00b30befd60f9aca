package io.consentry.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * A real S3 API server (S3Proxy) on 127.0.0.1, storing buckets as directories under a base
 * directory. Requests must be signed (AWS v2 or v4) with the access/secret key generated on first
 * start and kept in the secrets file.
 */
public final class S3Server implements AutoCloseable {

    /**
     * S3Proxy's own NIO.2 file-system store. Unlike jclouds' classic "filesystem" provider it does
     * not report the directories behind "a/b" keys as extra "a/" objects in listings.
     */
    static final String BLOBSTORE_PROVIDER = "filesystem-nio2";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, BlobStoreContext context, URI endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @param port    fixed port, or 0 for a free one
     * @param baseDir where buckets are stored (created if missing)
     * @param secrets where the access and secret key are kept
     */
    public static S3Server start(int port, Path baseDir, GeneratedSecrets secrets) {
        int boundPort = LocalPorts.claim(port, "S3 server (S3Proxy)", "--s3-port (or 0 for any free port)");
        String accessKey = secrets.getOrCreate("s3.access-key", 20);
        String secretKey = secrets.getOrCreate("s3.secret-key", 40);
        BlobStoreContext context = null;
        try {
            Files.createDirectories(baseDir);
            Properties overrides = new Properties();
            overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toAbsolutePath().toString());
            context = ContextBuilder.newBuilder(BLOBSTORE_PROVIDER)
                    // The store itself ignores credentials but jclouds insists on some.
                    .credentials(accessKey, secretKey)
                    .overrides(overrides)
                    .buildView(BlobStoreContext.class);
            BlobStore blobStore = context.getBlobStore();
            URI endpoint = URI.create("http://" + LocalPorts.LOOPBACK + ":" + boundPort);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    // SDKs send headers S3Proxy does not implement (e.g. checksum hints); accept them.
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            awaitStarted(proxy);
            return new S3Server(proxy, context, endpoint, accessKey, secretKey);
        } catch (IOException e) {
            closeQuietly(context);
            throw new UncheckedIOException("cannot create S3 storage directory " + baseDir, e);
        } catch (Exception e) {
            closeQuietly(context);
            throw new IllegalStateException("S3 server did not start on 127.0.0.1:" + boundPort + ": " + e.getMessage(), e);
        }
    }

    /** S3Proxy.start() returns before Jetty has necessarily reached STARTED. */
    private static void awaitStarted(S3Proxy proxy) {
        Readiness.await("S3 server", java.time.Duration.ofSeconds(20),
                () -> "STARTED".equals(proxy.getState()),
                () -> !"FAILED".equals(proxy.getState()),
                () -> "S3Proxy state " + proxy.getState());
    }

    /** Base URL, e.g. http://127.0.0.1:8190 (path-style bucket addressing). */
    public String endpoint() {
        return endpoint.toString();
    }

    public int port() {
        return endpoint.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3 server did not stop cleanly", e);
        } finally {
            closeQuietly(context);
        }
    }

    private static void closeQuietly(BlobStoreContext context) {
        if (context != null) {
            context.close();
        }
    }
}
