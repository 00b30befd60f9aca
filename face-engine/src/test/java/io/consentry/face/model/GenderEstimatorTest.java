package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class GenderEstimatorTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), GenderEstimator.ROLE, GenderEstimator.INPUT);
    }

    @Test
    void scoresAreTheReferenceRuntimes() {
        for (String file : List.of("obama_1.jpg", "biden_1.jpg", "rose_leslie_1.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                Detection d = ModelFixtures.largestFace(img);
                float ort = ModelFixtures.ortAttributes().gender().score(img, d);
                float ref = ModelFixtures.referenceAttributes().gender().score(img, d);
                // the SSR merge is not bounded by its range: biden_1 scores 1.07 on both runtimes
                assertThat(ort).as(file).isNotNegative().isCloseTo(ref, offset(1e-4f));
            } finally {
                img.release();
            }
        }
    }
}
