package io.consentry.face.runtime;

import io.consentry.face.ErrorCode;
import io.consentry.face.FaceEngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Up to {@code max} instances of something a caller must hold alone (an OpenCV {@code Net}, an ONNX Runtime
 * session with its input buffer), created lazily and borrowed per call; callers beyond {@code max} wait. The
 * first instance is created eagerly so that a broken model fails at load time, not on the first request.
 */
final class InstancePool<T> implements AutoCloseable {
    private final Supplier<T> factory;
    private final Consumer<T> closer;
    private final int max;
    private final BlockingQueue<T> free;
    private final List<T> all = new ArrayList<>();
    private boolean closed;

    InstancePool(Supplier<T> factory, Consumer<T> closer, int max) {
        this.factory = factory;
        this.closer = closer;
        this.max = Math.max(1, max);
        this.free = new ArrayBlockingQueue<>(this.max);
        free.add(create());
    }

    private T create() {
        T t = factory.get();
        synchronized (all) {
            all.add(t);
        }
        return t;
    }

    /** Instances created so far (at most max). */
    int created() {
        synchronized (all) {
            return all.size();
        }
    }

    <R> R with(Function<T, R> f) {
        T t = free.poll();
        if (t == null) {
            synchronized (all) {
                if (closed) {
                    throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "the engine is closed");
                }
                if (all.size() < max) {
                    t = create();
                }
            }
        }
        if (t == null) {
            try {
                t = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FaceEngineException(ErrorCode.ENGINE_ERROR, "interrupted while waiting for a model instance");
            }
        }
        try {
            return f.apply(t);
        } finally {
            free.offer(t);
        }
    }

    /** Releases every instance; callers must have stopped using the pool (the engine closes it at shutdown). */
    @Override
    public void close() {
        synchronized (all) {
            closed = true;
            for (T t : all) {
                closer.accept(t);
            }
            all.clear();
        }
        free.clear();
    }
}
