package io.consentry.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a face decision between the engine and its decision transaction, when a test arms it: the test then commits
 * a withdrawal exactly while the decision is in flight. Disarmed (the default) it does nothing.
 */
@ApplicationScoped
public class InFlightDecisions {

    private static volatile Armed armed;

    /** @param engineDone counted down once the engine ran; {@code proceed}: the test lets the decision go on */
    record Armed(CountDownLatch engineDone, CountDownLatch proceed) {
    }

    static Armed arm() {
        Armed a = new Armed(new CountDownLatch(1), new CountDownLatch(1));
        armed = a;
        return a;
    }

    static void disarm() {
        Armed a = armed;
        armed = null;
        if (a != null) {
            a.proceed().countDown();
        }
    }

    void afterEngine(@Observes FaceAnalysed analysed) throws InterruptedException {
        Armed a = armed;
        if (a == null) {
            return;
        }
        a.engineDone().countDown();
        if (!a.proceed().await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the decision");
        }
    }
}
