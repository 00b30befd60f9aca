package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class LivenessModelTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), LivenessModel.ROLE, LivenessModel.INPUT);
    }

    @Test
    void probabilitiesAreTheReferenceRuntimes() {
        for (String file : List.of("obama_1.jpg", "biden_2.jpg", "kit_harington_1.jpg", "multi_obama_and_biden.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                for (Detection d : ModelFixtures.ort().detector().detect(img)) {
                    float ort = ModelFixtures.ort().liveness().orElseThrow().liveProbability(img, d);
                    float ref = ModelFixtures.reference().liveness().orElseThrow().liveProbability(img, d);
                    assertThat(ort).as(file).isBetween(0f, 1f).isCloseTo(ref, offset(1e-4f));
                }
            } finally {
                img.release();
            }
        }
    }

    @Test
    void theWellLitPortraitsScoreLive() {
        // known outputs on these photos (README, liveness table): 1.000 and 0.998
        for (String file : List.of("obama_1.jpg", "biden_2.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                float p = ModelFixtures.ort().liveness().orElseThrow().liveProbability(img, ModelFixtures.largestFace(img));
                assertThat(p).as(file).isGreaterThan(0.99f);
            } finally {
                img.release();
            }
        }
    }

    @Test
    void theCropIsEnlargedAroundTheBoxAndShiftedInsideTheImage() {
        Mat img = new Mat(100, 200, org.opencv.core.CvType.CV_8UC3);
        try {
            // 20x20 box at the left edge: 2.7x = 54 px, shifted right to start at 0
            org.opencv.core.Rect r = FaceCrops.enlargedInside(img, new Detection(0, 40, 20, 60, 1), LivenessModel.CROP_SCALE);
            assertThat(r.x).isZero();
            assertThat(r.width).isEqualTo(54);
            assertThat(r.y + r.height / 2).isEqualTo(50);
            // a box larger than the image: the scale shrinks so that the crop fits
            org.opencv.core.Rect big = FaceCrops.enlargedInside(img, new Detection(50, 10, 130, 90, 1), LivenessModel.CROP_SCALE);
            assertThat(big.height).isLessThanOrEqualTo(100);
            assertThat(big.y).isNotNegative();
        } finally {
            img.release();
        }
    }
}
