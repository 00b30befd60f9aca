package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class ExpressionClassifierTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), ExpressionClassifier.ROLE, ExpressionClassifier.INPUT);
    }

    @Test
    void probabilitiesAreTheReferenceRuntimesAndSumToOne() {
        for (String file : List.of("obama_1.jpg", "kit_harington_2.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                Detection d = ModelFixtures.largestFace(img);
                float[] ort = ModelFixtures.ortAttributes().expression().probabilities(img, d);
                float[] ref = ModelFixtures.referenceAttributes().expression().probabilities(img, d);
                assertThat(ort).as(file).hasSize(7);
                double sum = 0;
                for (float p : ort) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, offset(1e-4));
                assertThat(ModelFixtures.maxAbsDiff(ort, ref)).as(file).isLessThan(1e-4f);
            } finally {
                img.release();
            }
        }
    }
}
