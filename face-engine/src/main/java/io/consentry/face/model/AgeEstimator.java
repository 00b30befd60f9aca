package io.consentry.face.model;

import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;

/** Age in years ({@code fr_age}, role {@code age}): SSR-Net over 0..101 years (see {@link StagewiseRegression}); rough. */
public final class AgeEstimator implements AutoCloseable {
    public static final String ROLE = "age";
    public static final ModelInput INPUT = StagewiseRegression.INPUT;
    static final float RANGE_YEARS = 101f;

    private final ModelRunner runner;

    public AgeEstimator(ModelRunner runner) {
        this.runner = runner;
    }

    public static AgeEstimator open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new AgeEstimator(runtime.open(pack.model(ROLE).file(), StagewiseRegression.OUTPUTS, 1, poolSize));
    }

    public float years(Mat bgr, Detection d) {
        return StagewiseRegression.estimate(runner, bgr, d, RANGE_YEARS);
    }

    @Override
    public void close() {
        runner.close();
    }
}
