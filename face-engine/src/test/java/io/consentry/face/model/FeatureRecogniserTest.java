package io.consentry.face.model;

import io.consentry.face.internal.Align;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureRecogniserTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.pack(), FeatureRecogniser.ROLE, FeatureRecogniser.INPUT);
    }

    /** The aligned 112x112 face of a photo's largest face (caller releases). */
    static Mat aligned(Mat img, Recogniser r) {
        Detection d = ModelFixtures.largestFace(img);
        return r.align(img, FaceLandmarker.fivePoints(ModelFixtures.ort().landmarker().landmarks(img, d)));
    }

    @Test
    void embeddingsAreTheReferenceRuntimesWithAndWithoutFlipTta() {
        Recogniser ort = ModelFixtures.ort().primaryRecogniser(), ref = ModelFixtures.reference().primaryRecogniser();
        for (String file : List.of("obama_1.jpg", "biden_1.jpg", "alex_lacamoire_1.jpg", "obama_7_small.jpg")) {
            Mat img = ModelFixtures.photo(file);
            Mat face = aligned(img, ort);
            try {
                assertThat(face.rows()).isEqualTo(112);
                for (boolean flip : new boolean[] {false, true}) {
                    float[] a = ort.embed(face, flip), b = ref.embed(face, flip);
                    assertThat(a).hasSize(FeatureRecogniser.DIMENSION);
                    assertThat(ModelFixtures.cosine(a, b)).as(file + " flip " + flip).isGreaterThan(1 - 1e-6);
                    assertThat(ModelFixtures.maxAbsDiff(a, b)).as(file + " flip " + flip).isLessThan(1e-4f);
                }
            } finally {
                face.release();
                img.release();
            }
        }
    }

    @Test
    void flipTtaAsOneBatchOfTwoEqualsTheSumOfTwoSingleCalls() {
        Recogniser r = ModelFixtures.ort().primaryRecogniser();
        Mat img = ModelFixtures.photo("kit_harington_1.jpg");
        Mat face = aligned(img, r);
        Mat mirror = new Mat();
        try {
            Core.flip(face, mirror, 1);
            float[] a = r.embed(face, false), b = r.embed(mirror, false);
            Vectors.normalise(a);
            Vectors.normalise(b);
            float[] batched = r.embed(face, true);
            for (int i = 0; i < a.length; i++) {
                assertThat(batched[i]).isCloseTo(a[i] + b[i], org.assertj.core.data.Offset.offset(1e-6f));
            }
        } finally {
            mirror.release();
            face.release();
            img.release();
        }
    }

    @Test
    void samePersonIsCloserThanAnotherPerson() {
        Recogniser r = ModelFixtures.ort().primaryRecogniser();
        float[][] v = new float[3][];
        String[] files = {"obama_1.jpg", "obama_2.jpg", "biden_1.jpg"};
        for (int i = 0; i < 3; i++) {
            Mat img = ModelFixtures.photo(files[i]);
            Mat face = aligned(img, r);
            v[i] = r.embed(face, true);
            face.release();
            img.release();
        }
        double same = ModelFixtures.cosine(v[0], v[1]), other = ModelFixtures.cosine(v[0], v[2]);
        // the pack's FAR 0.1 % threshold is 0.297: well above it and well below it
        assertThat(same).isGreaterThan(0.5);
        assertThat(other).isLessThan(0.2);
    }

    @Test
    void alignmentPutsTheFivePointsOnTheArcFaceReference() {
        // a similarity maps an exact (scaled, rotated, shifted) copy of the reference back onto the reference
        double a = 1.7, ang = Math.toRadians(12), tx = 40, ty = 25;
        double[][] src = new double[5][2];
        for (int i = 0; i < 5; i++) {
            double x = Align.REF[i][0], y = Align.REF[i][1];
            src[i][0] = a * (Math.cos(ang) * x - Math.sin(ang) * y) + tx;
            src[i][1] = a * (Math.sin(ang) * x + Math.cos(ang) * y) + ty;
        }
        double[] t = Align.similarity(src, Align.REF);
        for (int i = 0; i < 5; i++) {
            double x = t[0] * src[i][0] + t[1] * src[i][1] + t[2], y = t[3] * src[i][0] + t[4] * src[i][1] + t[5];
            assertThat(x).isCloseTo(Align.REF[i][0], org.assertj.core.data.Offset.offset(1e-9));
            assertThat(y).isCloseTo(Align.REF[i][1], org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
