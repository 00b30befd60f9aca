package io.consentry.face.runtime;

import io.consentry.face.FaceEngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstancePoolTest {
    @Test
    void growsOnDemandUpToItsSizeAndNeverHandsOneInstanceToTwoCallers() throws Exception {
        AtomicInteger made = new AtomicInteger();
        List<Integer> closed = Collections.synchronizedList(new ArrayList<>());
        InstancePool<Integer> pool = new InstancePool<>(made::incrementAndGet, closed::add, 3);
        assertThat(pool.created()).isEqualTo(1);
        AtomicInteger[] users = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger overlap = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService ex = Executors.newFixedThreadPool(6);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            fs.add(ex.submit(() -> {
                go.await();
                for (int i = 0; i < 2000; i++) {
                    pool.with(id -> {
                        if (users[id].incrementAndGet() > 1) {
                            overlap.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        users[id].decrementAndGet();
                        return id;
                    });
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        ex.shutdown();
        assertThat(overlap.get()).isZero();
        assertThat(pool.created()).isBetween(1, 3);
        pool.close();
        assertThat(closed).hasSize(made.get());
        assertThatThrownBy(() -> pool.with(id -> id)).isInstanceOf(FaceEngineException.class);
    }
}
