package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaceLandmarkerTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), FaceLandmarker.ROLE, FaceLandmarker.INPUT);
    }

    @Test
    void landmarksAreTheReferenceRuntimesAndLieOnTheFace() {
        for (String file : List.of("obama_1.jpg", "biden_1.jpg", "rose_leslie_1.jpg", "obama_6_240p.jpg")) {
            Mat img = ModelFixtures.photo(file);
            try {
                Detection d = ModelFixtures.largestFace(img);
                float[] ort = ModelFixtures.ort().landmarker().landmarks(img, d);
                float[] ref = ModelFixtures.reference().landmarker().landmarks(img, d);
                assertThat(ort).hasSize(2 * FaceLandmarker.POINTS);
                assertThat(ModelFixtures.maxAbsDiff(ort, ref)).as(file + " max |ORT - OpenCV| in pixels").isLessThan(0.01f);
                double[][] five = FaceLandmarker.fivePoints(ort);
                // upright frontal faces: left eye left of the right eye, eyes above the nose, nose above the mouth,
                // all inside the (slightly enlarged) face box
                assertThat(five[0][0]).as(file).isLessThan(five[1][0]);
                assertThat(Math.max(five[0][1], five[1][1])).as(file).isLessThan(five[2][1]);
                assertThat(five[2][1]).as(file).isLessThan(Math.min(five[3][1], five[4][1]));
                for (double[] p : five) {
                    assertThat(p[0]).as(file).isBetween((double) d.x1() - 0.1 * d.width(), (double) d.x2() + 0.1 * d.width());
                    assertThat(p[1]).as(file).isBetween((double) d.y1() - 0.1 * d.height(), (double) d.y2() + 0.1 * d.height());
                }
            } finally {
                img.release();
            }
        }
    }

    @Test
    void fivePointsAreTheMeansOfTheirLandmarks() {
        float[] lm = new float[2 * FaceLandmarker.POINTS];
        for (int i = 0; i < FaceLandmarker.POINTS; i++) {
            lm[2 * i] = i;
            lm[2 * i + 1] = 100 + i;
        }
        double[][] five = FaceLandmarker.fivePoints(lm);
        assertThat(five[0]).containsExactly((37 + 38 + 40 + 41) / 4.0, 100 + (37 + 38 + 40 + 41) / 4.0);
        assertThat(five[1]).containsExactly((43 + 44 + 46 + 47) / 4.0, 100 + (43 + 44 + 46 + 47) / 4.0);
        assertThat(five[2]).containsExactly(30.0, 130.0);
        assertThat(five[3]).containsExactly(54.0, 154.0);
        assertThat(five[4]).containsExactly(59.0, 159.0);
    }
}
