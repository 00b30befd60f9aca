package io.consentry.face.model;

import io.consentry.face.pack.ModelPack;
import io.consentry.face.runtime.InferenceRuntime;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Mat;

/** Gender score ({@code fr_gender}, role {@code gender}): SSR-Net over 0..1, documented by the package as above 0.5 = male. */
public final class GenderEstimator implements AutoCloseable {
    public static final String ROLE = "gender";
    public static final ModelInput INPUT = StagewiseRegression.INPUT;

    private final ModelRunner runner;

    public GenderEstimator(ModelRunner runner) {
        this.runner = runner;
    }

    public static GenderEstimator open(ModelPack pack, InferenceRuntime runtime, int poolSize) {
        return new GenderEstimator(runtime.open(pack.model(ROLE).file(), StagewiseRegression.OUTPUTS, 1, poolSize));
    }

    public float score(Mat bgr, Detection d) {
        return StagewiseRegression.estimate(runner, bgr, d, 1f);
    }

    @Override
    public void close() {
        runner.close();
    }
}
