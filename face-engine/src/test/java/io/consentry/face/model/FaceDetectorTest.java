package io.consentry.face.model;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class FaceDetectorTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), FaceDetector.ROLE, FaceDetector.INPUT);
    }

    @Test
    void findsTheFacesCountedByHandOnBothRuntimesWithTheSameBoxes() {
        // counted by hand (face-engine/README.md, "Test photos")
        Map<String, Integer> expected = Map.of("multi_two_people.jpg", 2, "multi_obama_and_biden.jpg", 3,
                "multi_kit_with_rose.jpg", 2, "obama_1.jpg", 1, "biden_2.jpg", 1);
        expected.forEach((file, n) -> {
            Mat img = ModelFixtures.photo(file);
            try {
                List<Detection> ort = ModelFixtures.ort().detector().detect(img);
                List<Detection> ref = ModelFixtures.reference().detector().detect(img);
                assertThat(ort).as(file).hasSize(n);
                assertThat(ref).as(file + " (OpenCV DNN)").hasSize(n);
                for (int i = 0; i < n; i++) {
                    Detection a = ort.get(i), b = ref.get(i);
                    assertThat(a.x1()).as(file).isCloseTo(b.x1(), offset(0.05f));
                    assertThat(a.y1()).as(file).isCloseTo(b.y1(), offset(0.05f));
                    assertThat(a.x2()).as(file).isCloseTo(b.x2(), offset(0.05f));
                    assertThat(a.y2()).as(file).isCloseTo(b.y2(), offset(0.05f));
                    assertThat(a.score()).as(file).isCloseTo(b.score(), offset(1e-4f)).isGreaterThanOrEqualTo(0.65f);
                }
            } finally {
                img.release();
            }
        });
    }

    @Test
    void aBlankImageHasNoFace() {
        Mat blank = new Mat(480, 640, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(120, 130, 140));
        try {
            assertThat(ModelFixtures.ort().detector().detect(blank)).isEmpty();
        } finally {
            blank.release();
        }
    }

    @Test
    void decodingThresholdsScalesAndSuppressesOverlaps() {
        // four candidates (x1,y1,x2,y2 in 0..1): a face, an overlapping weaker duplicate, a weak one, a degenerate one
        float[] scores = {0.1f, 0.9f, 0.2f, 0.8f, 0.5f, 0.5f, 0.05f, 0.95f};
        float[] boxes = {0.10f, 0.10f, 0.30f, 0.40f, 0.11f, 0.10f, 0.31f, 0.41f, 0.6f, 0.6f, 0.8f, 0.9f,
                0.5f, 0.5f, 0.5f, 0.9f};
        List<Detection> d = FaceDetector.decode(scores, boxes, 640, 480, 0.65f, 0.4f);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).score()).isEqualTo(0.9f);
        assertThat(d.get(0).x1()).isCloseTo(64f, offset(1e-3f));
        assertThat(d.get(0).y2()).isCloseTo(192f, offset(1e-3f));
        // with NMS off both overlapping boxes survive, best first
        assertThat(FaceDetector.decode(scores, boxes, 640, 480, 0.65f, 1f)).extracting(Detection::score)
                .containsExactly(0.9f, 0.8f);
    }

    @Test
    void boxesReachingPastTheFrameKeepTheirRawExtentButAreClippedForCallers() {
        float[] scores = {0f, 0.99f};
        float[] boxes = {-0.1f, 0.2f, 0.3f, 0.6f};
        Detection d = FaceDetector.decode(scores, boxes, 100, 100, 0.65f, 0.4f).get(0);
        assertThat(d.x1()).isCloseTo(-10f, offset(1e-4f));
        assertThat(d.clippedBox(100, 100).x()).isZero();
        assertThat(d.clippedBox(100, 100).width()).isCloseTo(30f, offset(1e-4f));
    }
}
