package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class AgeEstimatorTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), AgeEstimator.ROLE, AgeEstimator.INPUT);
    }

    @Test
    void agesAreTheReferenceRuntimesAndPlausible() {
        for (String file : List.of("obama_1.jpg", "biden_1.jpg", "rose_leslie_1.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                Detection d = ModelFixtures.largestFace(img);
                float ort = ModelFixtures.ortAttributes().age().years(img, d);
                float ref = ModelFixtures.referenceAttributes().age().years(img, d);
                assertThat(ort).as(file).isBetween(10f, 90f).isCloseTo(ref, offset(0.01f));
            } finally {
                img.release();
            }
        }
    }

    @Test
    void stagewiseMergeOfKnownStageOutputs() {
        // all probability on bin 2 of stage 1, no adjustments: 2 / 3 of the range; stages 2 and 3 add 2/9 and 2/27
        float[] p = {0, 0, 1};
        float[] zero = {0};
        float[] noOffset = {0, 0, 0};
        float[][] o = {p, p, p, zero, zero, zero, noOffset, noOffset, noOffset};
        assertThat(StagewiseRegression.merge(o, 101f)).isCloseTo((float) (101 * (2 / 3.0 + 2 / 9.0 + 2 / 27.0)), offset(1e-3f));
        // a positive delta_k widens the stage's bins: the value shrinks
        float[][] wider = {p, p, p, {0.5f}, zero, zero, noOffset, noOffset, noOffset};
        assertThat(StagewiseRegression.merge(wider, 101f)).isLessThan(StagewiseRegression.merge(o, 101f));
    }
}
