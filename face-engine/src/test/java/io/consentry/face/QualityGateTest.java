package io.consentry.face;

import io.consentry.face.model.Detection;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class QualityGateTest {
    static {
        io.consentry.face.internal.OpenCv.load();
    }

    /** Five points of an upright frontal face with the given inter-ocular distance, centred at (200, 200). */
    static double[][] frontal(double eyes) {
        double h = eyes / 2;
        return new double[][] {{200 - h, 200}, {200 + h, 200}, {200, 200 + 0.6 * eyes}, {200 - 0.8 * h, 200 + 1.1 * eyes},
                {200 + 0.8 * h, 200 + 1.1 * eyes}};
    }

    /** A 112x112 "aligned face" of textured mid-grey noise: sharp and well exposed. */
    static Mat textured(double mean) {
        Mat m = new Mat(112, 112, CvType.CV_8UC3);
        Random r = new Random(1);
        byte[] px = new byte[112 * 112 * 3];
        for (int i = 0; i < px.length; i += 3) {
            int v = (int) Math.max(0, Math.min(255, mean + r.nextGaussian() * 30));
            px[i] = px[i + 1] = px[i + 2] = (byte) v;
        }
        m.put(0, 0, px);
        return m;
    }

    static final Detection INSIDE = new Detection(150, 150, 250, 270, 0.99f);

    @Test
    void aSharpWellExposedFrontalFacePasses() {
        Mat face = textured(128);
        Quality q = QualityGate.assess(INSIDE, frontal(60), face, 640, 480, QualityLimits.defaults());
        face.release();
        assertThat(q.reasons()).isEmpty();
        assertThat(q.pass()).isTrue();
        assertThat(q.faceSize()).isCloseTo(60f, offset(1e-4f));
        assertThat(q.roll()).isCloseTo(0f, offset(1e-4f));
        assertThat(q.yaw()).isCloseTo(0f, offset(1e-4f));
        assertThat(q.brightness()).isCloseTo(128f, offset(3f));
        assertThat(q.score()).isBetween(0.9f, 1f);
    }

    @Test
    void eachCheckNamesItsReason() {
        Mat flat = new Mat(112, 112, CvType.CV_8UC3, new Scalar(128, 128, 128));
        Mat dark = textured(20);
        Mat bright = textured(245);
        Mat sharp = textured(128);
        try {
            QualityLimits lim = QualityLimits.defaults();
            assertThat(QualityGate.assess(INSIDE, frontal(60), flat, 640, 480, lim).reasons()).containsExactly("blurred");
            assertThat(QualityGate.assess(INSIDE, frontal(60), dark, 640, 480, lim).reasons()).contains("underexposed");
            assertThat(QualityGate.assess(INSIDE, frontal(60), bright, 640, 480, lim).reasons()).contains("overexposed");
            assertThat(QualityGate.assess(INSIDE, frontal(12), sharp, 640, 480, lim).reasons()).containsExactly("too_small");
            // 45 degrees of roll: the eye line tilts
            double[][] rolled = frontal(60);
            rolled[1][1] += 60;
            assertThat(QualityGate.assess(INSIDE, rolled, sharp, 640, 480, lim).reasons()).containsExactly("pose");
            // the nose at the right eye: a profile
            double[][] turned = frontal(60);
            turned[2][0] += 28;
            Quality q = QualityGate.assess(INSIDE, turned, sharp, 640, 480, lim);
            assertThat(q.reasons()).containsExactly("pose");
            assertThat(q.yaw()).isCloseTo(28f / 30f, offset(1e-4f));
            // a face box half outside the frame
            Detection cut = new Detection(-50, 150, 50, 270, 0.9f);
            assertThat(QualityGate.assess(cut, frontal(60), sharp, 640, 480, lim).reasons()).containsExactly("cut_by_frame");
        } finally {
            flat.release();
            dark.release();
            bright.release();
            sharp.release();
        }
    }

    @Test
    void outsideFrameIsTheShareOfTheEnlargedBoxOutside() {
        // 100x100 box at x -50..50: enlarged 1.2x = 120 wide from -60 to 60, 60 of 120 outside
        assertThat(QualityGate.outsideFrame(new Detection(-50, 100, 50, 200, 1), 640, 480)).isCloseTo(0.5f, offset(1e-5f));
        assertThat(QualityGate.outsideFrame(INSIDE, 640, 480)).isCloseTo(0f, offset(1e-6f));
    }

    @Test
    void sharpnessDropsWithBlur() {
        Mat sharp = textured(128);
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(sharp, blurred, new org.opencv.core.Size(9, 9), 3);
        float s1 = QualityGate.assess(INSIDE, frontal(60), sharp, 640, 480, QualityLimits.defaults()).sharpness();
        float s2 = QualityGate.assess(INSIDE, frontal(60), blurred, 640, 480, QualityLimits.defaults()).sharpness();
        sharp.release();
        blurred.release();
        assertThat(s2).isLessThan(s1 / 10);
    }
}
