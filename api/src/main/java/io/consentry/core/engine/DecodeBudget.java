package io.consentry.core.engine;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Native memory for image analysis, as a budget shared by all requests of this replica. Decoding and analysing an image
 * costs native memory in proportion to its pixels (decode buffer, BGR copy, resized and aligned crops: about
 * {@value #BYTES_PER_PIXEL} bytes a pixel), outside the Java heap and its limits; four concurrent 36-megapixel frames
 * used to add 365 MiB to the process. Each analysis first reads the image's header (no native code), reserves its cost
 * from the budget — waiting up to {@code consentry.engine.decode-wait} for earlier ones to finish — and returns it when
 * done. An image that could never fit is refused as too large; a budget that stays full answers 503 engine_busy.
 */
@ApplicationScoped
public class DecodeBudget {

    static final int BYTES_PER_PIXEL = 8;

    private final CurrentEngine engine;
    private final long budgetKiB;
    private final Semaphore permits;
    private final long waitMillis;

    DecodeBudget(CurrentEngine engine,
                 @ConfigProperty(name = "consentry.engine.decode-budget-mb", defaultValue = "384") long budgetMb,
                 @ConfigProperty(name = "consentry.engine.decode-wait", defaultValue = "20s") java.time.Duration wait) {
        this.engine = engine;
        this.budgetKiB = budgetMb * 1024;
        this.permits = new Semaphore((int) Math.min(Integer.MAX_VALUE, budgetKiB), true);
        this.waitMillis = wait.toMillis();
    }

    /**
     * Runs {@code analysis} of {@code image} within the budget. The header check it starts with throws the engine's
     * own image errors (too large, unsupported, corrupt) before anything is reserved or decoded.
     */
    public <T> T run(byte[] image, Supplier<T> analysis) {
        int[] size = engine.engine().checkImage(image);
        long cost = Math.max(1, (long) size[0] * size[1] * BYTES_PER_PIXEL / 1024);
        if (cost > budgetKiB) {
            throw ImageProblems.tooLarge("The image has " + size[0] + "x" + size[1] + " pixels; it could never be analysed within "
                    + "this replica's memory budget. Send a smaller picture.");
        }
        boolean acquired;
        try {
            acquired = permits.tryAcquire((int) cost, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(ProblemCode.ENGINE_BUSY, "The face engine is analysing as many images as its memory allows; try again in a moment.");
        }
        try {
            return analysis.get();
        } finally {
            permits.release((int) cost);
        }
    }

    /** Reserved right now, in KiB (tests, metrics). */
    public long inUseKiB() {
        return budgetKiB - permits.availablePermits();
    }
}
