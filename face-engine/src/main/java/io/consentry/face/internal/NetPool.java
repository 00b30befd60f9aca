package io.consentry.face.internal;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * OpenCV {@link Net} objects are not thread-safe: each concurrent caller borrows its own copy.
 * Copies are created lazily up to {@code max}; callers beyond that wait.
 */
public final class NetPool implements AutoCloseable {
    private final Path file;
    private final int max;
    private final BlockingQueue<Net> free;
    private final List<Net> all = new ArrayList<>();

    public NetPool(Path file, int max) {
        this.file = file;
        this.max = Math.max(1, max);
        this.free = new ArrayBlockingQueue<>(this.max);
        free.add(create());
    }

    private Net create() {
        try {
            Net n = Dnn.readNetFromONNX(file.toString());
            if (n.empty()) {
                throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "OpenCV could not load " + file);
            }
            synchronized (all) {
                all.add(n);
            }
            return n;
        } catch (RuntimeException e) {
            if (e instanceof FaceEngineException f) {
                throw f;
            }
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "OpenCV could not load " + file + ": " + e.getMessage(), e);
        }
    }

    public <T> T with(Function<Net, T> f) {
        Net n = free.poll();
        if (n == null) {
            synchronized (all) {
                if (all.size() < max) {
                    n = create();
                }
            }
        }
        if (n == null) {
            try {
                n = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "interrupted while waiting for a model instance");
            }
        }
        try {
            return f.apply(n);
        } finally {
            free.offer(n);
        }
    }

    @Override
    public void close() {
        // Net has no explicit release in the Java bindings; dropping references lets the finalizer free it.
        synchronized (all) {
            all.clear();
        }
        free.clear();
    }
}
