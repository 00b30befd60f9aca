package io.consentry.face.model;

import io.consentry.face.internal.OpenCv;
import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.io.ByteArrayInputStream;

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

    /**
     * The same known output from OpenCV DNN, reading the pack's converted file directly (the graph the face-api
     * converter writes must load in both runtimes). The fixture's input is the one the test rebuilds.
     */
    @Test
    void openCvDnnReproducesFaceApisDescriptor() throws Exception {
        ModelPack pack = ModelPack.load(ModelFixtures.fusedPack().dir(), true); // verifies the pinned SHA-256 of the converted model
        assertThat(ModelPack.sha256(new ByteArrayInputStream(FaceApiReference.syntheticInput())))
                .isEqualTo(FaceApiReference.inputSha256());
        float[] expected = FaceApiReference.descriptor();
        assertThat(expected).hasSize(128);

        OpenCv.load();
        Net net = Dnn.readNetFromONNX(pack.model(DlibRecogniser.ROLE).file().toString());
        int s = DlibRecogniser.INPUT.width();
        Mat blob = new Mat(new int[] {1, 3, s, s}, CvType.CV_32F);
        blob.put(new int[] {0, 0, 0, 0}, FaceApiReference.normalisedInput());
        net.setInput(blob);
        Mat out = net.forward();
        float[] got = new float[(int) out.total()];
        out.reshape(1, 1).get(0, 0, got);
        blob.release();
        out.release();
        assertThat(got).hasSize(128);
        float max = ModelFixtures.maxAbsDiff(got, expected);
        System.out.printf("[conversion] max |opencv dnn - face-api| = %.3g over 128 values%n", max);
        assertThat(max).isLessThanOrEqualTo(1e-4f);
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
