package io.consentry.face.convert;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Face;
import io.consentry.face.FaceEngine;
import io.consentry.face.Pick;
import io.consentry.face.TestData;
import io.consentry.face.internal.OpenCv;
import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The converted dlib/face-api recogniser against face-api itself ({@link FaceApiReference}), run by OpenCV DNN
 * (the ONNX Runtime run of the same check is in {@code model.DlibRecogniserTest}); conversion determinism; fused-pack
 * templates.
 */
class ConversionTest {
    static Path fusedPack() {
        String p = System.getProperty("consentry.fused.pack-dir");
        Path d = p != null ? Path.of(p) : Path.of("target/model-packs/faceplugin-dlib-0.1");
        assumeTrue(Files.isDirectory(d), "fused pack not built at " + d);
        return d;
    }

    @Test
    void convertedModelMatchesFaceApiOnNode() throws Exception {
        ModelPack pack = ModelPack.load(fusedPack(), true); // verifies the pinned SHA-256 of the converted model
        assertThat(ModelPack.sha256(new java.io.ByteArrayInputStream(FaceApiReference.syntheticInput())))
                .isEqualTo(FaceApiReference.inputSha256());
        float[] expected = FaceApiReference.descriptor();
        assertThat(expected).hasSize(128);

        OpenCv.load();
        Net net = Dnn.readNetFromONNX(pack.model("embed2").file().toString());
        int s = FaceApiConverter.INPUT;
        float[] in = FaceApiReference.normalisedInput();
        Mat blob = new Mat(new int[] {1, 3, s, s}, CvType.CV_32F);
        blob.put(new int[] {0, 0, 0, 0}, in);
        net.setInput(blob);
        Mat out = net.forward();
        float[] got = new float[(int) out.total()];
        out.reshape(1, 1).get(0, 0, got);
        blob.release();
        out.release();
        assertThat(got).hasSize(128);
        double max = 0;
        for (int i = 0; i < 128; i++) {
            max = Math.max(max, Math.abs(got[i] - expected[i]));
        }
        System.out.printf("[conversion] max |onnx - face-api| = %.3g over 128 values%n", max);
        assertThat(max).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void conversionIsDeterministicAndMatchesThePinnedHash() throws Exception {
        Path tgz = Path.of(System.getProperty("user.home"), ".cache/consentry/npm/vladmandic-face-api-1.7.15.tgz");
        String cache = System.getProperty("consentry.npm.cache");
        if (cache != null) {
            tgz = Path.of(cache, "vladmandic-face-api-1.7.15.tgz");
        }
        assumeTrue(Files.isRegularFile(tgz), "face-api tarball not in the npm cache");
        byte[] a = FaceApiConverter.convert(tgz);
        String sha = ModelPack.sha256(new java.io.ByteArrayInputStream(a));
        assertThat(sha).isEqualTo(ModelPack.load(fusedPack(), false).model("embed2").sha256());
    }

    @Test
    void fusedPackTemplatesCarryBothVectors() {
        try (FaceEngine e = FaceEngine.load(fusedPack())) {
            Face a = e.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            Face b = e.analyzeSingle(TestData.face("obama_2.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            Face c = e.analyzeSingle(TestData.face("biden_1.jpg"), AnalyzeOptions.defaults().withPick(Pick.LARGEST));
            assertThat(a.template().vectorCount()).isEqualTo(2);
            assertThat(a.template().vector(1)).hasSize(128);
            float same1 = a.template().similarity(b.template(), 1), diff1 = a.template().similarity(c.template(), 1);
            System.out.printf("[fused] dlib cosine obama/obama %.3f, obama/biden %.3f; fused %.3f / %.3f%n", same1, diff1,
                    e.score(a.template(), b.template()), e.score(a.template(), c.template()));
            // dlib descriptors are not zero-centred: impostor cosines are high (~0.8), genuine ones higher
            assertThat(same1).isGreaterThan(diff1 + 0.05f);
            assertThat(e.score(a.template(), b.template())).isGreaterThan(e.score(a.template(), c.template()));
            // the pack's calibrated fused thresholds decide both pairs correctly
            assertThat(e.decision().decide(a.template(), b.template(), 1e-3).match()).isTrue();
            assertThat(e.decision().decide(a.template(), c.template(), 1e-3).match()).isFalse();
            assertThat(e.parseTemplate(a.template().toBytes())).isEqualTo(a.template());
        }
    }
}
