package io.consentry.face.model;

import io.consentry.face.convert.FaceApiReference;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DlibRecogniserTest {
    @Test
    void inputMatchesTheManifestAndTheModel() throws Exception {
        ModelFixtures.assertInputMatches(ModelFixtures.fusedPack(), DlibRecogniser.ROLE, DlibRecogniser.INPUT);
    }

    /** Known output: face-api's own descriptor (tfjs on Node) of a synthetic input, run here on ONNX Runtime. */
    @Test
    void onnxRuntimeReproducesFaceApisDescriptor() throws Exception {
        DlibRecogniser dlib = (DlibRecogniser) ModelFixtures.fusedOrt().recognisers().get(1);
        float[] input = FaceApiReference.normalisedInput();
        int s = DlibRecogniser.INPUT.width();
        Mat blob = new Mat(new int[] {1, 3, s, s}, CvType.CV_32F);
        try {
            blob.put(new int[] {0, 0, 0, 0}, input);
            float[] got = dlib.forward(blob);
            float[] expected = FaceApiReference.descriptor();
            assertThat(got).hasSize(DlibRecogniser.DIMENSION);
            float max = ModelFixtures.maxAbsDiff(got, expected);
            System.out.printf("[dlib] max |onnx runtime - face-api| = %.3g over 128 values%n", max);
            assertThat(max).isLessThanOrEqualTo(1e-4f);
        } finally {
            blob.release();
        }
    }

    @Test
    void embeddingsAreTheReferenceRuntimesWithAndWithoutFlipTta() {
        Recogniser ort = ModelFixtures.fusedOrt().recognisers().get(1);
        Recogniser ref = ModelFixtures.fusedReference().recognisers().get(1);
        for (String file : List.of("obama_1.jpg", "rose_leslie_1.jpg")) {
            Mat img = ModelFixtures.photo(file);
            Mat chip = FeatureRecogniserTest.aligned(img, ort);
            try {
                assertThat(chip.rows()).isEqualTo(150);
                for (boolean flip : new boolean[] {false, true}) {
                    float[] a = ort.embed(chip, flip), b = ref.embed(chip, flip);
                    assertThat(a).hasSize(DlibRecogniser.DIMENSION);
                    assertThat(ModelFixtures.cosine(a, b)).as(file + " flip " + flip).isGreaterThan(1 - 1e-6);
                }
            } finally {
                chip.release();
                img.release();
            }
        }
    }
}
