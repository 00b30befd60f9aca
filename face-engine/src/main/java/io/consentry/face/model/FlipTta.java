package io.consentry.face.model;

import io.consentry.face.internal.Mats;
import io.consentry.face.runtime.ModelRunner;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a recogniser on a face, or on the face and its horizontal mirror as one batch of two (test-time
 * augmentation: the sum of both unit vectors is less sensitive to the face's asymmetric lighting and pose).
 */
final class FlipTta {
    private FlipTta() {
    }

    /**
     * @param toBlob the recogniser's pre-processing of a list of aligned faces into one NCHW blob (caller releases)
     */
    static float[] embed(ModelRunner runner, Mat aligned, boolean flip, Function<List<Mat>, Mat> toBlob) {
        try (Mats m = new Mats()) {
            if (!flip) {
                return runner.run(m.add(toBlob.apply(List.of(aligned))))[0];
            }
            Mat mirror = m.mat();
            Core.flip(aligned, mirror, 1);
            float[] both = runner.run(m.add(toBlob.apply(List.of(aligned, mirror))))[0];
            int d = both.length / 2;
            float[] v = Arrays.copyOf(both, d);
            float[] w = Arrays.copyOfRange(both, d, 2 * d);
            Vectors.normalise(v);
            Vectors.normalise(w);
            for (int i = 0; i < d; i++) {
                v[i] += w[i];
            }
            return v;
        }
    }
}
