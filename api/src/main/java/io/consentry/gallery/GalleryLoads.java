package io.consentry.gallery;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that load cold galleries in the background, bounded twice: a few threads (a load is CPU-bound; its
 * decryption already runs on every core, so more threads would only share the same cores), and a bounded queue of
 * galleries waiting for one. When the queue is full a load is refused ({@link RejectedExecutionException}) rather than
 * queued without end; the search answers {@code gallery_loading} and the next one tries again. The threads carry no
 * request context: the loader sets up the tenant's own.
 */
final class GalleryLoads implements Executor {

    /** Galleries that may wait for a load thread: far more than tenants that turn cold at the same moment. */
    static final int QUEUE = 256;

    private final ThreadPoolExecutor executor;

    GalleryLoads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("consentry.gallery.load-threads must be at least 1");
        }
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "gallery-load-" + count.incrementAndGet());
            t.setDaemon(true); // never holds the api up at shutdown
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable load) {
        executor.execute(load);
    }

    int queued() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    boolean idle() {
        return executor.getQueue().isEmpty() && executor.getActiveCount() == 0;
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
